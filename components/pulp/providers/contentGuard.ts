import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PulpClient } from "../client/http";
import { canonicalExtra, Inputs, KindSpec } from "./crud";
import { FieldTable, normalizeCerts, sortedList } from "./fields";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

export const GUARD_TYPES = ["rbac", "x509", "composite"] as const;
export type GuardType = (typeof GUARD_TYPES)[number];
export const DOWNLOADER_ROLE = "core.rbaccontentguard_downloader";

const ENDPOINT: Record<GuardType, string> = {
    rbac: "contentguards/core/rbac/",
    x509: "contentguards/certguard/x509/",
    composite: "contentguards/core/composite/",
};
const FIELDS: Record<GuardType, FieldTable> = {
    rbac: { name: {}, description: { default: null } },
    x509: { name: {}, description: { default: null }, ca_certificate: { normalize: normalizeCerts } },
    composite: { name: {}, description: { default: null }, guards: { default: [], normalize: sortedList } },
};

type RoleList = { roles: { role: string; users: string[]; groups: string[] }[] };

/** Who holds the downloader role, without the creator Pulp adds on its own. */
async function downloaders(c: PulpClient, href: string) {
    const r = await c.get<RoleList>(`${href}list_roles/`);
    const held = r.roles.find((x) => x.role === DOWNLOADER_ROLE) ?? { users: [], groups: [] };
    return {
        downloader_users: [...held.users].filter((u) => u !== c.conn.username).sort(),
        downloader_groups: [...held.groups].sort(),
    };
}

export const contentGuardSpec: KindSpec = {
    describe: (i) => `${i.guard_type} content guard '${i.name}'`,
    endpoint: (i) => ENDPOINT[i.guard_type as GuardType],
    fields: (i) => FIELDS[i.guard_type as GuardType] ?? FIELDS.rbac,
    replaceKeys: ["guard_type"],
    naturalKey: (i) => ({ name: i.name as string }),
    extraKeys: ["downloader_users", "downloader_groups"],
    // Who may download is exact for RBAC guards: an empty list, not "unmanaged", when left out,
    // so a role granted by hand shows as drift.
    prepare: (i) =>
        i.guard_type === "rbac"
            ? {
                  ...i,
                  downloader_users: i.downloader_users ?? [],
                  downloader_groups: i.downloader_groups ?? [],
              }
            : i,
    async reconcile(c, href, inputs, _olds, created) {
        if (inputs.guard_type !== "rbac") return {};
        // A guard just created holds only its creator's roles, which downloaders() leaves out.
        const have = created ? { downloader_users: [], downloader_groups: [] } : await downloaders(c, href);
        const now: Record<string, string[]> = { ...have };
        for (const key of ["downloader_users", "downloader_groups"] as const) {
            const want = inputs[key] as string[] | undefined;
            if (want === undefined) continue;
            const principal = key === "downloader_users" ? "users" : "groups";
            const add = want.filter((x) => !have[key].includes(x));
            const drop = have[key].filter((x) => !want.includes(x));
            if (add.length)
                await c.write("POST", `${href}add_role/`, { role: DOWNLOADER_ROLE, [principal]: add });
            if (drop.length)
                await c.write("POST", `${href}remove_role/`, { role: DOWNLOADER_ROLE, [principal]: drop });
            now[key] = want;
        }
        // What Pulp holds now is what it held plus what we changed: no re-read.
        return observeRoles(inputs, now);
    },
    async observeExtra(c, obj, inputs) {
        return inputs.guard_type === "rbac" ? observeRoles(inputs, await downloaders(c, obj.pulp_href)) : {};
    },
    schema: z
        .object({
            ...s.common,
            guard_type: z.enum(GUARD_TYPES, { error: `guard_type must be one of ${GUARD_TYPES.join(", ")}` }),
            name: s.name,
            description: z.string().nullable().optional(),
            ca_certificate: z.string().optional(),
            guards: z.array(s.href).optional(),
            downloader_users: z.array(z.string()).optional(),
            downloader_groups: z.array(z.string()).optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            const only = (k: keyof typeof v, t: GuardType) => {
                if (v[k] !== undefined && v.guard_type !== t) {
                    ctx.addIssue({
                        code: "custom",
                        path: [k],
                        message: `${String(k)} applies to ${t} guards only`,
                    });
                }
            };
            only("ca_certificate", "x509");
            only("guards", "composite");
            only("downloader_users", "rbac");
            only("downloader_groups", "rbac");
            if (v.guard_type === "x509" && !v.ca_certificate?.includes("BEGIN CERTIFICATE")) {
                ctx.addIssue({
                    code: "custom",
                    path: ["ca_certificate"],
                    message: "x509 guards need ca_certificate: a PEM CA certificate",
                });
            }
        }),
};

function observeRoles(inputs: Inputs, held: Record<string, string[]>) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(held)) out[k] = canonicalExtra(v);
    void inputs;
    return out;
}

export interface ContentGuardArgs extends PulpResourceArgs {
    readonly guard_type: pulumi.Input<GuardType>;
    readonly name: pulumi.Input<string>;
    readonly description?: pulumi.Input<string | null>;
    /** x509: the CA that client certificates must chain to. */
    readonly ca_certificate?: pulumi.Input<string>;
    /** composite: member guards (access if any allows). */
    readonly guards?: pulumi.Input<pulumi.Input<string>[]>;
    /** rbac: users and groups that may download: exactly these (none when left out), reconciled. */
    readonly downloader_users?: pulumi.Input<pulumi.Input<string>[]>;
    readonly downloader_groups?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A content guard: RBAC (users and groups), x509 (client certificates) or composite. */
export class ContentGuard extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    constructor(name: string, args: ContentGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super("contentGuard", "ContentGuard", name, { ...args }, opts);
    }
}
