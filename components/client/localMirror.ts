import * as pulumi from "@pulumi/pulumi";
import { MirroredRepository } from "../../model/mirrorPlan";
import { PulpConnection } from "../pulp/client/connection";
import { ArkAccess } from "./arkAccess";
import { SiteImage } from "./siteImage";
import { MirrorPolicy, SiteRepository, SiteRepositoryArgs } from "./siteRepository";

export interface LocalMirrorArgs {
    /** The site's own Pulp. */
    readonly connection: pulumi.Input<PulpConnection>;
    readonly ark: ArkAccess;
    /** What to mirror: model/mirrorPlan from the client's pins. */
    readonly repositories: MirroredRepository[];
    readonly policy?: MirrorPolicy;
    readonly proxy?: SiteRepositoryArgs["proxy"];
    /** Container images to mirror: Ark's release namespace and image name → the tag this client pulls. */
    readonly containers?: SiteContainers;
}

export interface SiteContainers {
    readonly namespace: string;
    /** clientImageTags(pins, catalogue) (model/containerPins.ts). */
    readonly images: Record<string, string>;
}

/**
 * A client site's Pulp mirroring exactly its pinned Ark snapshots: one SiteRepository per pinned
 * catalogue entry, each with stable `development` and `production` distributions, and one SiteImage
 * per pinned container image.
 */
export class LocalMirror extends pulumi.ComponentResource {
    readonly repositories: Record<string, SiteRepository> = {};
    /** SiteImage per image name. */
    readonly images: Record<string, SiteImage> = {};

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
        for (const [image, tag] of Object.entries(args.containers?.images ?? {})) {
            this.images[image] = new SiteImage(
                `${name}-image-${image}`,
                {
                    connection: args.connection,
                    ark: args.ark,
                    namespace: args.containers!.namespace,
                    image,
                    tag,
                    proxy: args.proxy,
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
