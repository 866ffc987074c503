import * as pulumi from "@pulumi/pulumi";
import { MirroredRepository } from "../../model/mirrorPlan";
import { PulpConnection } from "../pulp/client/connection";
import { ArkAccess } from "./arkAccess";
import { MirrorPolicy, SiteRepository, SiteRepositoryArgs } from "./siteRepository";

export interface LocalMirrorArgs {
    /** The site's own Pulp. */
    readonly connection: pulumi.Input<PulpConnection>;
    readonly ark: ArkAccess;
    /** What to mirror: model/mirrorPlan from the client's pins. */
    readonly repositories: MirroredRepository[];
    readonly policy?: MirrorPolicy;
    readonly proxy?: SiteRepositoryArgs["proxy"];
}

/**
 * A client site's Pulp mirroring exactly its pinned Ark snapshots: one SiteRepository per pinned
 * catalogue entry, each with stable `development` and `production` distributions.
 */
export class LocalMirror extends pulumi.ComponentResource {
    readonly repositories: Record<string, SiteRepository> = {};

    constructor(name: string, args: LocalMirrorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:client:LocalMirror", name, {}, opts);
        for (const r of args.repositories) {
            this.repositories[r.entry.short_name] = new SiteRepository(
                `${name}-${r.entry.short_name}`,
                {
                    connection: args.connection,
                    ark: args.ark,
                    repository: r,
                    policy: args.policy,
                    proxy: args.proxy,
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
