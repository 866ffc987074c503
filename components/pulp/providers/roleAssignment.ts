import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PulpError } from "../client/errors";
import { PulpClient } from "../client/http";
import { clientFor, Inputs, Outputs, validate } from "./crud";
import { same } from "./fields";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

type Assignment = { pulp_href: string; role: string; content_object: string | null };

const spec = {
    schema: z
        .object({
            ...s.common,
            role: z
                .string({ error: "role is required, e.g. rpm.rpmrepository_viewer" })
                .regex(/^\w+\.\w+$/, "role must look like <app>.<name>"),
            content_object: s.href.nullable().optional(),
            user: z.string().optional(),
            group: z.string().optional(),
        })
        .strict()
        .refine((v) => (v.user === undefined) !== (v.group === undefined), {
            path: ["user"],
            message: "set exactly one of user and group",
        }),
};

async function principalHref(c: PulpClient, i: Inputs): Promise<string> {
    const [path, key, value] =
        i.user !== undefined ? ["users/", "username", i.user] : ["groups/", "name", i.group];
    const p = await c.findOne<{ pulp_href: string }>(path as string, { [key as string]: value as string });
    if (!p)
        throw new PulpError(
            `${key} '${value}' does not exist on ${c.conn.baseUrl}: create it first`,
            "GET",
            path as string,
            404,
        );
    return p.pulp_href;
}

const KEYS = ["role", "content_object", "user", "group"];

/** Role assignments are immutable in Pulp: every change replaces. */
export const roleAssignmentProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        const failures = validate({ schema: spec.schema } as never, news);
        return failures.length ? { inputs: news, failures } : { inputs: news };
    },
    async diff(_id: string, olds: Outputs, news: Inputs) {
        const replaces = KEYS.filter((k) => !same(olds[k] ?? null, news[k] ?? null));
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
    },
    async create(inputs: Inputs) {
        const c = clientFor(inputs.connection);
        const principal = await principalHref(c, inputs);
        const url = `${principal}roles/`;
        const target = (inputs.content_object as string | undefined) ?? null;
        // Only adoption looks first; otherwise Pulp's own duplicate check answers.
        const existing = inputs.adopt
            ? (await c.list<Assignment>(url, { role: inputs.role as string })).find(
                  (a) => (a.content_object ?? null) === target,
              )
            : undefined;
        let a = existing;
        if (!a) {
            try {
                a = (await c.write<Assignment>("POST", url, { role: inputs.role, content_object: target }))
                    .data;
            } catch (e) {
                const dup =
                    e instanceof PulpError &&
                    e.status === 400 &&
                    Object.values(e.fields)
                        .flat()
                        .some((m) => /already assigned/i.test(m));
                if (!dup) throw e;
                throw new PulpError(
                    `role ${inputs.role} is already assigned to ${inputs.user ?? inputs.group} on ${inputs.content_object ?? "the whole domain"}: set adopt: true to manage it`,
                    "POST",
                    url,
                    400,
                );
            }
        }
        return { id: a.pulp_href, outs: { ...inputs, pulp_href: a.pulp_href } };
    },
    async read(id: string, props: Outputs) {
        const a = await clientFor(props.connection).getOrUndefined<Assignment>(id);
        if (!a) return { id: "", props: {} };
        return { id, props: { ...props, role: a.role, content_object: a.content_object ?? undefined } };
    },
    async delete(id: string, props: Outputs) {
        await clientFor(props.connection).delete(id);
    },
};

export interface RoleAssignmentArgs extends PulpResourceArgs {
    readonly role: pulumi.Input<string>;
    /** The object the role applies to; omit for the whole domain. */
    readonly content_object?: pulumi.Input<string | null>;
    readonly user?: pulumi.Input<string>;
    readonly group?: pulumi.Input<string>;
}

/** A role given to a user or group, on one object or domain-wide. */
export class RoleAssignment extends PulpResource {
    constructor(name: string, args: RoleAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super("roleAssignment", "RoleAssignment", name, { ...args }, opts);
    }
}
