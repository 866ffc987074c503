import * as pulumi from "@pulumi/pulumi";
import { snapshotBasePath } from "../../model/snapshotId";
import { PulpConnection } from "../pulp/client/connection";
import { IMMUTABLE_LABEL, VERSION_LABEL } from "../pulp/providers/distribution";
import { Plugin } from "../pulp/providers/plugins";
import { Snapshot } from "../pulp/providers/snapshot";
import { PublicationOptions } from "./publicationOptions";

export interface ReleaseSnapshotArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly plugin: Plugin;
    readonly shortName: string;
    /** `YYYYMMDDTHHMMSS`, the repository version's creation time. */
    readonly id: string;
    readonly version: number;
    readonly repository: pulumi.Input<string>;
    /** Catalogue prefixes: the distribution is `<distributionName><id>` at `<basePath><id>`. */
    readonly distributionName: string;
    readonly basePath: string;
    /** The content guard: `release` once a client pins it, else `development` (unused for containers). */
    readonly contentGuard?: pulumi.Input<string>;
    readonly released: boolean;
    /** Plugin-specific publication fields (`publicationOptions(entry)`; none for containers). */
    readonly publicationOptions?: PublicationOptions;
    /** The parent's URN, when it is known while the program is declared (saves Outputs per snapshot). */
    readonly parentUrn?: string;
}

/** Until one resource per snapshot, a snapshot was this component with a Publication and a Distribution. */
export const LEGACY_SNAPSHOT_TYPE = "releasetrain:ark:ReleaseSnapshot";
const LEGACY_DISTRIBUTION_TYPE = "pulumi-nodejs:dynamic/pulp:Distribution";

/**
 * Where a snapshot's state was before it was one resource: the Distribution `<name>-dist` under
 * the ReleaseSnapshot component `<name>`, itself under the snapshot's parent. The Publication that
 * was beside it is left to the engine to drop; its provider keeps the publication a snapshot
 * serves (providers/snapshot.ts `leavesSnapshotPublications`).
 */
export function legacySnapshotAliases(
    name: string,
    parent: pulumi.Resource,
    parentUrn?: string,
): pulumi.Input<string | pulumi.Alias>[] {
    // With the parent's URN known up front the alias is a plain string: no Outputs per snapshot.
    if (parentUrn) {
        const prefix = parentUrn.slice(0, parentUrn.lastIndexOf("::"));
        return [`${prefix}$${LEGACY_SNAPSHOT_TYPE}$${LEGACY_DISTRIBUTION_TYPE}::${name}-dist`];
    }
    const component = pulumi.createUrn(name, LEGACY_SNAPSHOT_TYPE, parent);
    return [{ name: `${name}-dist`, type: LEGACY_DISTRIBUTION_TYPE, parent: component }];
}

/**
 * One immutable snapshot on Ark: exactly one repository version, served at `<basePath><id>` behind
 * the `development` or `release` guard. Promotion only swaps the guard; the URL and content never
 * change. Its labels say what it is (short name, snapshot id, version, stage) to Pulp's users and
 * to the preview summary.
 */
export class ReleaseSnapshot extends Snapshot {
    readonly released: boolean;

    constructor(
        name: string,
        args: ReleaseSnapshotArgs,
        opts: pulumi.CustomResourceOptions & { parent: pulumi.Resource },
    ) {
        super(
            name,
            {
                connection: args.connection,
                plugin: args.plugin,
                repository: args.repository,
                version: args.version,
                name: `${args.distributionName}${args.id}`,
                base_path: snapshotBasePath(args.plugin, args.basePath, args.id),
                // A container distribution takes only content-redirect guards: it is private
                // instead, and pulled by those with roles on its namespace or on it (Ark).
                ...(args.plugin === "container" ? { private: true } : { content_guard: args.contentGuard }),
                pulp_labels: {
                    [IMMUTABLE_LABEL]: "true",
                    [VERSION_LABEL]: String(args.version),
                    "release-train.short_name": args.shortName,
                    "release-train.snapshot": args.id,
                    "release-train.stage": args.released ? "release" : "development",
                },
                // Only deb has options; an empty object would be a change to every other snapshot's state.
                ...(args.publicationOptions && Object.keys(args.publicationOptions).length
                    ? { publication_options: args.publicationOptions }
                    : {}),
            },
            pulumi.mergeOptions(opts, { aliases: legacySnapshotAliases(name, opts.parent, args.parentUrn) }),
        );
        this.released = args.released;
    }
}
