import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { ContainerTagPromotion } from "../pulp/providers/containerTagPromotion";
import { Distribution } from "../pulp/providers/distribution";
import { Repository } from "../pulp/providers/repository";

export interface ContainerImageArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    /** The full image name `I`, e.g. `rocky-keystone`. */
    readonly image: string;
    /** The development namespace `N-dev` and the release namespace `N`. */
    readonly devNamespace: string;
    readonly namespace: string;
    /** The namespace resources: Pulp would make a namespace itself for a distribution made first. */
    readonly dependsOn: pulumi.Resource[];
    /** Every tag some client pins: copied from `N-dev/I` to `N/I` (none: nothing is promoted). */
    readonly promotedTags?: string[];
}

/** A repository and the private distribution that serves its latest version at the same path. */
export interface ImageStage {
    readonly path: string;
    readonly repository: Repository;
    readonly distribution: Distribution;
}

/**
 * One image on Ark: `N-dev/I`, where CI pushes (Pulp's registry adds each push as a new version of
 * the repository the distribution serves), and `N/I`, which only promotion adds tags to: the tags
 * clients pin, copied by reference. Both are
 * private: who may pull or push is decided by the roles on their namespaces.
 */
export class ContainerImage extends pulumi.ComponentResource {
    readonly development: ImageStage;
    readonly release: ImageStage;
    readonly promotion?: ContainerTagPromotion;

    constructor(name: string, args: ContainerImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:ContainerImage", name, {}, opts);
        const stage = (which: "development" | "release", namespace: string): ImageStage => {
            const path = `${namespace}/${args.image}`;
            const labels = { "release-train.image": args.image, "release-train.stage": which };
            const short = which === "development" ? "dev" : "release";
            const repository = new Repository(
                `${name}-${short}-repo`,
                {
                    connection: args.connection,
                    plugin: "container",
                    name: path,
                    // Promotion copies from and pins refer to any version: Pulp keeps them all.
                    retain_repo_versions: null,
                    pulp_labels: labels,
                },
                { parent: this },
            );
            const distribution = new Distribution(
                `${name}-${short}-dist`,
                {
                    connection: args.connection,
                    plugin: "container",
                    name: path,
                    base_path: path,
                    repository: repository.pulp_href,
                    private: true,
                    pulp_labels: labels,
                },
                { parent: this, dependsOn: args.dependsOn },
            );
            return { path, repository, distribution };
        };
        this.development = stage("development", args.devNamespace);
        this.release = stage("release", args.namespace);
        if (args.promotedTags?.length) {
            this.promotion = new ContainerTagPromotion(
                `${name}-promotion`,
                {
                    connection: args.connection,
                    image: args.image,
                    source: this.development.path,
                    target: this.release.repository.pulp_href,
                    tags: args.promotedTags,
                },
                // Development's distribution must exist before promotion reads what it serves.
                { parent: this, dependsOn: [this.development.distribution] },
            );
        }
        this.registerOutputs({});
    }
}
