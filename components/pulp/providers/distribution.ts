import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { namedPluginKind } from "./pluginKind";
import { FieldTable, normalizeLabels } from "./fields";
import { Plugin } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

// The three "what to serve" fields all default to null so switching from one to another
// nulls the old one in the same PATCH, as Pulp requires.
const COMMON: FieldTable = {
    name: {},
    base_path: {},
    content_guard: { default: null },
    hidden: { default: false },
    pulp_labels: { default: {}, normalize: normalizeLabels },
    repository: { default: null },
    repository_version: { default: null },
};
const BY_PLUGIN: Record<Plugin, FieldTable> = {
    rpm: { ...COMMON, publication: { default: null }, generate_repo_config: { default: false } },
    deb: { ...COMMON, publication: { default: null } },
    file: { ...COMMON, publication: { default: null } },
    // Container distributions take only content-redirect guards, and Pulp sets one when none is given.
    container: { ...COMMON, content_guard: {}, private: { default: false }, description: { default: null } },
};

/** The fields a distribution of one plugin has, as diffs treat them. */
export function distributionFields(plugin: Plugin): FieldTable {
    return BY_PLUGIN[plugin] ?? COMMON;
}

/** Labels that make a distribution an immutable snapshot: what it serves may never change. */
export const IMMUTABLE_LABEL = "release-train.immutable";
export const VERSION_LABEL = "release-train.version";

export const distributionSpec: KindSpec = {
    refuse(olds, news) {
        const had = (olds.observed?.pulp_labels ?? {}) as Record<string, string>;
        const want = (news.pulp_labels ?? {}) as Record<string, string>;
        if (had[IMMUTABLE_LABEL] === "true" && had[VERSION_LABEL] !== want[VERSION_LABEL]) {
            return (
                `distribution '${news.name}' is an immutable snapshot of repository version ${had[VERSION_LABEL]}; ` +
                `it cannot be re-pointed to version ${want[VERSION_LABEL] ?? "(none)"}: record a new snapshot instead`
            );
        }
        return undefined;
    },
    ...namedPluginKind("distributions", "distribution", BY_PLUGIN, COMMON),
    schema: z
        .object({
            ...s.common,
            plugin: s.plugin,
            name: s.name,
            base_path: s.basePath,
            content_guard: s.nullableHref,
            hidden: z.boolean().optional(),
            pulp_labels: s.labels,
            repository: s.nullableHref,
            repository_version: s.nullableHref,
            publication: s.nullableHref,
            generate_repo_config: z.boolean().optional(),
            private: z.boolean().optional(),
            description: z.string().nullable().optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            const served = (["repository", "repository_version", "publication"] as const).filter(
                (k) => v[k] != null,
            );
            if (served.length > 1) {
                ctx.addIssue({
                    code: "custom",
                    path: [served[1]],
                    message: `set only one of repository, repository_version and publication (got ${served.join(" and ")})`,
                });
            }
            const extra = ["publication", "generate_repo_config", "private", "description"];
            s.pluginFieldIssues(ctx, v, extra, BY_PLUGIN[v.plugin] ?? {}, "distributions");
        }),
};

export interface DistributionArgs extends PulpResourceArgs {
    readonly plugin: pulumi.Input<Plugin>;
    readonly name: pulumi.Input<string>;
    readonly base_path: pulumi.Input<string>;
    readonly content_guard?: pulumi.Input<string | null>;
    readonly hidden?: pulumi.Input<boolean>;
    readonly pulp_labels?: pulumi.Input<Record<string, string>>;
    readonly repository?: pulumi.Input<string | null>;
    readonly repository_version?: pulumi.Input<string | null>;
    readonly publication?: pulumi.Input<string | null>;
    readonly generate_repo_config?: pulumi.Input<boolean>;
    readonly private?: pulumi.Input<boolean>;
    readonly description?: pulumi.Input<string | null>;
}

/** Where Pulp serves content: a base path, what it serves, and who may read it. */
export class Distribution extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    declare readonly base_path: pulumi.Output<string>;
    constructor(name: string, args: DistributionArgs, opts?: pulumi.CustomResourceOptions) {
        super("distribution", "Distribution", name, { ...args }, opts);
    }
}
