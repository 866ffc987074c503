import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PulpClient } from "../client/http";
import { KindSpec } from "./crud";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

type Member = { username: string; pulp_href: string };

async function members(c: PulpClient, href: string) {
    return c.list<Member>(`${href}users/`);
}

export const groupSpec: KindSpec = {
    describe: (i) => `group '${i.name}'`,
    endpoint: () => "groups/",
    fields: () => ({ name: { replace: true } }),
    naturalKey: (i) => ({ name: i.name as string }),
    extraKeys: ["members"],
    async reconcile(c, href, inputs, _olds, created) {
        const want = inputs.members as string[] | undefined;
        // A group just created has no members.
        const have = created ? [] : await members(c, href);
        if (want === undefined) return { members: have.map((m) => m.username).sort() };
        for (const u of want.filter((u) => !have.some((m) => m.username === u))) {
            await c.write("POST", `${href}users/`, { username: u }, `adding ${u} to group ${inputs.name}`);
        }
        for (const m of have.filter((m) => !want.includes(m.username))) {
            // The listed pulp_href is the user's own: deleting it would delete the user.
            const userId = m.pulp_href.replace(/\/$/, "").split("/").pop();
            await c.delete(`${href}users/${userId}/`, `removing ${m.username} from group ${inputs.name}`);
        }
        return { members: [...want].sort() };
    },
    async observeExtra(c, obj) {
        return { members: (await members(c, obj.pulp_href)).map((m) => m.username).sort() };
    },
    schema: z
        .object({
            ...s.common,
            name: s.name,
            members: z.array(z.string()).optional(),
        })
        .strict(),
};

export interface GroupArgs extends PulpResourceArgs {
    readonly name: pulumi.Input<string>;
    /** Exactly these usernames are members (reconciled); omit to leave membership alone. */
    readonly members?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A Pulp group with its members. */
export class Group extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
        super("group", "Group", name, { ...args }, opts);
    }
}
