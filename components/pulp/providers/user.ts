import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

export const userSpec: KindSpec = {
    describe: (i) => `user '${i.username}'`,
    endpoint: () => "users/",
    fields: () => ({
        username: { replace: true },
        password: { writeOnly: true },
        first_name: { default: "" },
        last_name: { default: "" },
        email: { default: "" },
        is_staff: { default: false },
        is_active: { default: true },
    }),
    naturalKey: (i) => ({ username: i.username as string }),
    schema: z
        .object({
            ...s.common,
            username: z
                .string({ error: "username is required" })
                .regex(/^[\w.@+-]{1,150}$/, "username may use letters, digits and @.+-_ (at most 150)"),
            password: z.string().min(8, "password must be at least 8 characters").optional(),
            first_name: z.string().optional(),
            last_name: z.string().optional(),
            email: z.union([z.email("email must be an e-mail address"), z.literal("")]).optional(),
            is_staff: z.boolean().optional(),
            is_active: z.boolean().optional(),
        })
        .strict(),
};

export interface UserArgs extends PulpResourceArgs {
    readonly username: pulumi.Input<string>;
    /** Secret; state keeps only a salted digest. */
    readonly password?: pulumi.Input<string>;
    readonly first_name?: pulumi.Input<string>;
    readonly last_name?: pulumi.Input<string>;
    readonly email?: pulumi.Input<string>;
    readonly is_staff?: pulumi.Input<boolean>;
    readonly is_active?: pulumi.Input<boolean>;
}

/** A Pulp user (clients, CI, operators). */
export class User extends PulpResource {
    declare readonly username: pulumi.Output<string>;
    constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            "user",
            "User",
            name,
            { ...args, password: args.password && pulumi.secret(args.password) },
            opts,
        );
    }
}
