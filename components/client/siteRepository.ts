import * as pulumi from "@pulumi/pulumi";
import { debList } from "../../model/debSource";
import { MirroredRepository } from "../../model/mirrorPlan";
import { publicationOptions } from "../ark/publicationOptions";
import { PulpConnection } from "../pulp/client/connection";
import { Distribution } from "../pulp/providers/distribution";
import { Publication } from "../pulp/providers/publication";
import { Remote, RemoteArgs } from "../pulp/providers/remote";
import { Repository } from "../pulp/providers/repository";
import { RepositorySync } from "../pulp/providers/repositorySync";
import { ArkAccess, arkRemoteAccess, SiteProxy, snapshotUrl } from "./arkAccess";

export type MirrorPolicy = "on_demand" | "immediate" | "streamed";

export interface SiteRepositoryArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly ark: ArkAccess;
    readonly repository: MirroredRepository;
    /** on_demand (default): the site's Pulp fetches a package from Ark the first time a host asks. */
    readonly policy?: MirrorPolicy;
    readonly proxy?: SiteProxy;
}

/**
 * One catalogue repository on a client site's Pulp. Each pinned Ark snapshot is a remote (its URL is
 * the snapshot's, which never changes), a sync and a publication of exactly the version that sync
 * made; `development` serves the client's pin and `production` the site's production pin, under
 * stable paths, so hosts' repository files never change when a release lands.
 */
export class SiteRepository extends pulumi.ComponentResource {
    readonly repository: Repository;
    readonly development: Distribution;
    readonly production: Distribution;
    /** Publication per mirrored snapshot id. */
    readonly publications: Record<string, Publication> = {};

    constructor(name: string, args: SiteRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:client:SiteRepository", name, {}, opts);
        const { connection, ark } = args;
        const r = args.repository;
        const e = r.entry;
        const labels = { "release-train.short_name": e.short_name };
        this.repository = new Repository(
            `${name}-repo`,
            {
                connection,
                plugin: e.type,
                name: e.name,
                description: e.description ?? null,
                pulp_labels: labels,
            },
            { parent: this },
        );
        for (const id of r.snapshots) {
            const url = snapshotUrl(ark, e.type, e.base_path, id);
            const remote: RemoteArgs = {
                connection,
                plugin: e.type,
                name: `${e.distribution_name}${id}`,
                url,
                policy: args.policy ?? "on_demand",
                pulp_labels: { ...labels, "release-train.snapshot": id },
                ...arkRemoteAccess(ark, args.proxy),
                // The site syncs what Ark published of the entry: the same suites and filters, and
                // upstream's key where Ark serves upstream's own signed Release files.
                ...(e.type === "deb"
                    ? {
                          distributions: debList(e.distributions),
                          components: e.components ? debList(e.components) : null,
                          architectures: e.architectures ? debList(e.architectures) : null,
                          sync_sources: e.sync_sources ?? false,
                          sync_udebs: e.sync_udebs ?? false,
                          gpgkey: e.mode === "verbatim" ? (e.gpgkey ?? null) : null,
                      }
                    : {}),
            };
            const rem = new Remote(`${name}-${id}-remote`, remote, { parent: this });
            const sync = new RepositorySync(
                `${name}-${id}-sync`,
                {
                    connection,
                    plugin: e.type,
                    repository: this.repository.pulp_href,
                    remote: rem.pulp_href,
                    // The mirror holds exactly the snapshot: nothing of an older one lingers.
                    ...(e.type === "rpm" ? { sync_policy: "mirror_content_only" } : { mirror: true }),
                    trigger: url,
                    label: `${e.short_name} snapshot ${id}`,
                },
                { parent: this },
            );
            this.publications[id] = new Publication(
                `${name}-${id}-pub`,
                {
                    connection,
                    plugin: e.type,
                    repository_version: sync.repository_version,
                    ...publicationOptions(e),
                },
                { parent: this },
            );
        }
        const stage = (which: "development" | "production", id: string | undefined) =>
            new Distribution(
                `${name}-${which}`,
                {
                    connection,
                    plugin: e.type,
                    name: `${e.distribution_name}${which}`,
                    base_path: `${e.base_path}${which}`,
                    publication: id ? this.publications[id].pulp_href : null,
                    pulp_labels: {
                        ...labels,
                        "release-train.stage": which,
                        "release-train.snapshot": id ?? "",
                    },
                },
                { parent: this },
            );
        this.development = stage("development", r.development);
        this.production = stage("production", r.production);
        this.registerOutputs({});
    }
}
