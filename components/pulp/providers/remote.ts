import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { namedPluginKind } from "./pluginKind";
import { FieldTable, normalizeCerts, normalizeLabels, sortedList } from "./fields";
import { Plugin } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

/** pulp_rpm takes sync_policy per sync call; we keep it on the remote as a label for the sync command. */
export const SYNC_POLICY_LABEL = "release-train.sync_policy";

const COMMON: FieldTable = {
    name: {},
    url: {},
    pulp_labels: { default: {}, normalize: normalizeLabels },
    policy: { default: "immediate" },
    tls_validation: { default: true },
    ca_cert: { default: null, normalize: normalizeCerts },
    client_cert: { default: null, normalize: normalizeCerts },
    client_key: { writeOnly: true },
    username: { writeOnly: true },
    password: { writeOnly: true },
    proxy_url: { default: null },
    proxy_username: { writeOnly: true },
    proxy_password: { writeOnly: true },
    download_concurrency: { default: null },
    max_retries: { default: null },
    total_timeout: { default: null },
    connect_timeout: { default: null },
    sock_connect_timeout: { default: null },
    sock_read_timeout: { default: null },
    rate_limit: { default: null },
    // Pulp answers null for "no headers"; an empty list means the same.
    headers: { default: null, normalize: (v) => (Array.isArray(v) && v.length === 0 ? null : v) },
};
const BY_PLUGIN: Record<Plugin, FieldTable> = {
    rpm: COMMON,
    file: COMMON,
    deb: {
        ...COMMON,
        distributions: {},
        components: { default: null },
        architectures: { default: null },
        sync_sources: { default: false },
        sync_udebs: { default: false },
        sync_installer: { default: false },
        // Pulp trims the key it stores (a CharField), so a key ending in a newline is not a change.
        gpgkey: { default: null, normalize: (v) => (typeof v === "string" ? v.trim() : v) },
        ignore_missing_package_indices: { default: false },
    },
    container: {
        ...COMMON,
        upstream_name: {},
        includes: { default: null, normalize: sortedList },
        excludes: { default: null, normalize: sortedList },
        sigstore: { default: null },
    },
};

const secret = z.string().optional();
export const remoteSpec: KindSpec = {
    ...namedPluginKind("remotes", "remote", BY_PLUGIN, COMMON),
    prepare: (i) =>
        typeof i.sync_policy === "string"
            ? {
                  ...i,
                  pulp_labels: { ...((i.pulp_labels as object) ?? {}), [SYNC_POLICY_LABEL]: i.sync_policy },
              }
            : i,
    schema: z
        .object({
            ...s.common,
            plugin: s.plugin,
            name: s.name,
            url: z
                .string({ error: "url is required" })
                .regex(/^(https?|file|uln):\/\//, "url must be an http(s):// (or file://) URL")
                .refine(
                    (u) => !/^\w+:\/\/[^/]*@/.test(u),
                    "url must not embed credentials: use username/password",
                ),
            pulp_labels: s.labels,
            policy: z.enum(["immediate", "on_demand", "streamed"]).optional(),
            sync_policy: z.enum(["additive", "mirror_complete", "mirror_content_only"]).optional(),
            tls_validation: z.boolean().optional(),
            ca_cert: z.string().nullable().optional(),
            client_cert: z.string().nullable().optional(),
            client_key: secret,
            username: secret,
            password: secret,
            proxy_url: z.string().nullable().optional(),
            proxy_username: secret,
            proxy_password: secret,
            download_concurrency: z.number().int().min(1).nullable().optional(),
            max_retries: z.number().int().min(0).nullable().optional(),
            total_timeout: z.number().nullable().optional(),
            connect_timeout: z.number().nullable().optional(),
            sock_connect_timeout: z.number().nullable().optional(),
            sock_read_timeout: z.number().nullable().optional(),
            rate_limit: z.number().int().nullable().optional(),
            headers: z.array(z.record(z.string(), z.string())).optional(),
            distributions: z.string().optional(),
            components: z.string().nullable().optional(),
            architectures: z.string().nullable().optional(),
            sync_sources: z.boolean().optional(),
            sync_udebs: z.boolean().optional(),
            sync_installer: z.boolean().optional(),
            gpgkey: z.string().nullable().optional(),
            ignore_missing_package_indices: z.boolean().optional(),
            upstream_name: z.string().optional(),
            includes: z.array(z.string()).nullable().optional(),
            excludes: z.array(z.string()).nullable().optional(),
            sigstore: z.string().nullable().optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            const own = Object.keys(v).filter(
                (k) => !(k in s.common) && !["plugin", "sync_policy"].includes(k),
            );
            s.pluginFieldIssues(ctx, v, own, BY_PLUGIN[v.plugin] ?? {}, "remotes");
            if (v.plugin === "deb" && !v.distributions) {
                ctx.addIssue({
                    code: "custom",
                    path: ["distributions"],
                    message: "deb remotes need distributions, e.g. 'noble noble-updates'",
                });
            }
            if (v.plugin === "container" && !v.upstream_name) {
                ctx.addIssue({
                    code: "custom",
                    path: ["upstream_name"],
                    message: "container remotes need upstream_name, e.g. 'library/busybox'",
                });
            }
            if (v.sync_policy && v.plugin !== "rpm") {
                ctx.addIssue({
                    code: "custom",
                    path: ["sync_policy"],
                    message: "sync_policy applies to rpm remotes only (deb: use mirror on sync)",
                });
            }
            if ((v.client_cert == null) !== (v.client_key == null)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["client_key"],
                    message: "client_cert and client_key go together",
                });
            }
        }),
};

export interface RemoteArgs extends PulpResourceArgs {
    readonly plugin: pulumi.Input<Plugin>;
    readonly name: pulumi.Input<string>;
    readonly url: pulumi.Input<string>;
    readonly pulp_labels?: pulumi.Input<Record<string, string>>;
    readonly policy?: pulumi.Input<"immediate" | "on_demand" | "streamed">;
    /** rpm only: the sync policy the sync command uses for this remote. */
    readonly sync_policy?: pulumi.Input<"additive" | "mirror_complete" | "mirror_content_only">;
    readonly tls_validation?: pulumi.Input<boolean>;
    readonly ca_cert?: pulumi.Input<string | null>;
    readonly client_cert?: pulumi.Input<string | null>;
    readonly client_key?: pulumi.Input<string>;
    readonly username?: pulumi.Input<string>;
    readonly password?: pulumi.Input<string>;
    readonly proxy_url?: pulumi.Input<string | null>;
    readonly proxy_username?: pulumi.Input<string>;
    readonly proxy_password?: pulumi.Input<string>;
    readonly download_concurrency?: pulumi.Input<number | null>;
    readonly max_retries?: pulumi.Input<number | null>;
    readonly total_timeout?: pulumi.Input<number | null>;
    readonly headers?: pulumi.Input<Record<string, string>[]>;
    readonly distributions?: pulumi.Input<string>;
    readonly components?: pulumi.Input<string | null>;
    readonly architectures?: pulumi.Input<string | null>;
    readonly sync_sources?: pulumi.Input<boolean>;
    readonly sync_udebs?: pulumi.Input<boolean>;
    /** deb: the upstream's public key; a sync then fails unless its Release files are signed by it. */
    readonly gpgkey?: pulumi.Input<string | null>;
    readonly upstream_name?: pulumi.Input<string>;
    readonly includes?: pulumi.Input<string[] | null>;
    readonly excludes?: pulumi.Input<string[] | null>;
}

const WRITE_ONLY = ["client_key", "username", "password", "proxy_username", "proxy_password"];

/** A Pulp remote. Credentials and keys are secrets; state keeps only salted digests of them. */
export class Remote extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    constructor(name: string, args: RemoteArgs, opts?: pulumi.CustomResourceOptions) {
        const props: Record<string, unknown> = { ...args };
        for (const k of WRITE_ONLY) if (props[k] !== undefined) props[k] = pulumi.secret(props[k]);
        super("remote", "Remote", name, props as RemoteArgs & Record<string, unknown>, opts);
    }
}
