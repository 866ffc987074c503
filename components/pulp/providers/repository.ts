import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { namedPluginKind } from "./pluginKind";
import { FieldTable, normalizeLabels } from "./fields";
import { Plugin } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

const COMMON: FieldTable = {
    name: {},
    description: { default: null },
    pulp_labels: { default: {}, normalize: normalizeLabels },
    retain_repo_versions: { default: null },
    remote: { default: null },
};
const BY_PLUGIN: Record<Plugin, FieldTable> = {
    rpm: { ...COMMON, autopublish: { default: false }, retain_package_versions: { default: 0 } },
    deb: { ...COMMON, autopublish: { default: false } },
    file: { ...COMMON, autopublish: { default: false }, manifest: { default: "PULP_MANIFEST" } },
    container: { ...COMMON },
};

export const repositorySpec: KindSpec = {
    ...namedPluginKind("repositories", "repository", BY_PLUGIN, COMMON),
    schema: z
        .object({
            ...s.common,
            plugin: s.plugin,
            name: s.name,
            description: z.string().nullable().optional(),
            pulp_labels: s.labels,
            retain_repo_versions: z.number().int().min(1).nullable().optional(),
            remote: s.nullableHref,
            autopublish: z.boolean().optional(),
            retain_package_versions: z.number().int().min(0).optional(),
            manifest: z.string().optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            const extra = ["autopublish", "retain_package_versions", "manifest"];
            s.pluginFieldIssues(ctx, v, extra, BY_PLUGIN[v.plugin] ?? {}, "repositories");
        }),
};

export interface RepositoryArgs extends PulpResourceArgs {
    readonly plugin: pulumi.Input<Plugin>;
    readonly name: pulumi.Input<string>;
    readonly description?: pulumi.Input<string | null>;
    readonly pulp_labels?: pulumi.Input<Record<string, string>>;
    /** Versions to keep; null keeps all (snapshots need their versions). */
    readonly retain_repo_versions?: pulumi.Input<number | null>;
    readonly remote?: pulumi.Input<string | null>;
    readonly autopublish?: pulumi.Input<boolean>;
    readonly retain_package_versions?: pulumi.Input<number>;
    readonly manifest?: pulumi.Input<string>;
}

/** A Pulp repository of one plugin type. */
export class Repository extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    declare readonly plugin: pulumi.Output<Plugin>;
    constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
        super("repository", "Repository", name, { ...args }, opts);
    }
}
