import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { FieldTable } from "./fields";
import { endpointFor, Plugin } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

// Publications cannot be changed: every field replaces. Defaults are left unmanaged (no `default`)
// because Pulp fills them from the repository, and a publication is never patched anyway.
const COMMON: FieldTable = { repository_version: {}, repository: {} };
const BY_PLUGIN: Record<string, FieldTable> = {
    rpm: { ...COMMON, checksum_type: {}, compression_type: {}, layout: {}, repo_config: {} },
    deb: { ...COMMON, simple: {}, structured: {}, publish_legacy_release_files: {} },
    file: { ...COMMON, manifest: {} },
};

export const publicationSpec: KindSpec = {
    describe: (i) =>
        `${i.plugin}${i.verbatim ? " verbatim" : ""} publication of ${i.repository_version ?? i.repository}`,
    // A verbatim deb publication republishes upstream's own (signed) metadata: another endpoint.
    endpoint: (i) =>
        i.verbatim ? "publications/deb/verbatim/" : endpointFor("publications", i.plugin as Plugin),
    fields: (i) => (i.verbatim ? COMMON : (BY_PLUGIN[i.plugin as string] ?? COMMON)),
    replaceKeys: ["plugin", "verbatim"],
    immutable: true,
    hrefPattern: /\/publications\//,
    schema: z
        .object({
            ...s.common,
            plugin: z.enum(["rpm", "deb", "file"], {
                error: "plugin must be rpm, deb or file (containers are not published)",
            }),
            repository_version: s.href.optional(),
            repository: s.href.optional(),
            checksum_type: z.enum(["sha256", "sha384", "sha512"]).optional(),
            compression_type: z.enum(["zstd", "gz", "none"]).optional(),
            layout: z.enum(["nested_alphabetically", "flat", "nested_by_digest"]).optional(),
            repo_config: z.record(z.string(), z.unknown()).optional(),
            simple: z.boolean().optional(),
            structured: z.boolean().optional(),
            publish_legacy_release_files: z.boolean().optional(),
            manifest: z.string().optional(),
            verbatim: z.boolean().optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            if ((v.repository_version === undefined) === (v.repository === undefined)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["repository_version"],
                    message:
                        "set exactly one of repository_version (a snapshot) and repository (its latest version)",
                });
            }
            if (v.verbatim && (v.plugin !== "deb" || v.simple !== undefined || v.structured !== undefined)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["verbatim"],
                    message: "verbatim applies to deb publications only, without simple or structured",
                });
            }
        }),
};

export interface PublicationArgs extends PulpResourceArgs {
    readonly plugin: pulumi.Input<"rpm" | "deb" | "file">;
    readonly repository_version?: pulumi.Input<string>;
    readonly repository?: pulumi.Input<string>;
    readonly checksum_type?: pulumi.Input<"sha256" | "sha384" | "sha512">;
    readonly compression_type?: pulumi.Input<"zstd" | "gz" | "none">;
    readonly layout?: pulumi.Input<"nested_alphabetically" | "flat" | "nested_by_digest">;
    readonly repo_config?: pulumi.Input<Record<string, unknown>>;
    readonly simple?: pulumi.Input<boolean>;
    readonly structured?: pulumi.Input<boolean>;
    readonly manifest?: pulumi.Input<string>;
    /** deb only: republish upstream's Release files and indices unchanged (their signatures stay valid). */
    readonly verbatim?: pulumi.Input<boolean>;
}

/** A publication of one repository version; immutable, so any change replaces it. */
export class Publication extends PulpResource {
    constructor(name: string, args: PublicationArgs, opts?: pulumi.CustomResourceOptions) {
        super("publication", "Publication", name, { ...args }, opts);
    }
}
