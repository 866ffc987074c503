import * as pulumi from "@pulumi/pulumi";
import { CatalogueEntry } from "../../model/catalogue";
import { debList } from "../../model/debSource";
import { PulpConnection } from "../pulp/client/connection";
import { Remote, RemoteArgs } from "../pulp/providers/remote";
import { Repository } from "../pulp/providers/repository";

/** deb takes `mirror` per sync call; kept on the remote as a label for the sync command. */
export const MIRROR_LABEL = "release-train.mirror";

export interface CatalogueRepositoryArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly entry: CatalogueEntry;
}

/**
 * One catalogue entry on Ark: its repository, and its remote when it is synced. Ark's defaults
 * keep everything upstream ever served (`immediate`) and make snapshots follow upstream exactly
 * (rpm `mirror_complete`, deb `mirror`); entries override them.
 */
export class CatalogueRepository extends pulumi.ComponentResource {
    readonly repository: Repository;
    readonly remote?: Remote;

    constructor(name: string, args: CatalogueRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:CatalogueRepository", name, {}, opts);
        const e = args.entry;
        const labels = {
            "release-train.short_name": e.short_name,
            "release-train.sync_group": e.sync_group ?? "",
        };
        if (e.sync && e.url) {
            const remote: RemoteArgs = {
                connection: args.connection,
                plugin: e.type,
                name: `${e.name}-remote`,
                url: e.url,
                policy: e.policy ?? "immediate",
                pulp_labels:
                    e.type === "deb" ? { ...labels, [MIRROR_LABEL]: String(e.mirror ?? true) } : labels,
                ...(e.type === "rpm" ? { sync_policy: e.sync_policy ?? "mirror_complete" } : {}),
                ...(e.type === "deb"
                    ? {
                          // Pulp keeps these lists as written: one spelling, so a re-flowed YAML
                          // value is no change.
                          distributions: debList(e.distributions),
                          components: e.components ? debList(e.components) : null,
                          architectures: e.architectures ? debList(e.architectures) : null,
                          // A mirror of binary hosts: sources and installer udebs only when asked.
                          sync_sources: e.sync_sources ?? false,
                          sync_udebs: e.sync_udebs ?? false,
                          gpgkey: e.gpgkey ?? null,
                      }
                    : {}),
                ...(e.type === "container" ? { upstream_name: e.upstream_name } : {}),
            };
            this.remote = new Remote(`${name}-remote`, remote, { parent: this });
        }
        this.repository = new Repository(
            `${name}-repo`,
            {
                connection: args.connection,
                plugin: e.type,
                name: e.name,
                description: e.description ?? null,
                // Every version may be a snapshot: Pulp must keep them all (retention is the ledger's).
                retain_repo_versions: null,
                remote: this.remote?.pulp_href ?? null,
                pulp_labels: labels,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
