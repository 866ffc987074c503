import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { Distribution } from "../pulp/providers/distribution";
import { IMMUTABLE_LABEL, VERSION_LABEL } from "../pulp/providers/distribution";
import { Plugin } from "../pulp/providers/plugins";
import { Publication } from "../pulp/providers/publication";
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
    /** The content guard: `release` once a client pins it, else `development`. */
    readonly contentGuard: pulumi.Input<string>;
    readonly released: boolean;
    /** Plugin-specific publication fields (`publicationOptions(entry)`). */
    readonly publicationOptions?: PublicationOptions;
}

/**
 * One immutable snapshot: a publication of exactly one repository version and the distribution
 * that serves it. Promotion only swaps the content guard; the URL and content never change.
 */
export class ReleaseSnapshot extends pulumi.ComponentResource {
    readonly distribution: Distribution;
    readonly publication?: Publication;
    readonly released: boolean;

    constructor(name: string, args: ReleaseSnapshotArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:ReleaseSnapshot", name, {}, opts);
        this.released = args.released;
        const version = pulumi.interpolate`${args.repository}versions/${args.version}/`;
        // Containers are served from the repository version; the others from a publication of it.
        if (args.plugin !== "container") {
            this.publication = new Publication(
                `${name}-pub`,
                {
                    connection: args.connection,
                    plugin: args.plugin,
                    repository_version: version,
                    ...args.publicationOptions,
                },
                { parent: this },
            );
        }
        this.distribution = new Distribution(
            `${name}-dist`,
            {
                connection: args.connection,
                plugin: args.plugin,
                name: `${args.distributionName}${args.id}`,
                base_path: `${args.basePath}${args.id}`,
                ...(this.publication
                    ? { publication: this.publication.pulp_href }
                    : { repository_version: version }),
                content_guard: args.contentGuard,
                pulp_labels: {
                    [IMMUTABLE_LABEL]: "true",
                    [VERSION_LABEL]: String(args.version),
                    "release-train.short_name": args.shortName,
                    "release-train.snapshot": args.id,
                    "release-train.stage": args.released ? "release" : "development",
                },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
