import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { Distribution } from "../pulp/providers/distribution";
import { Remote } from "../pulp/providers/remote";
import { Repository } from "../pulp/providers/repository";
import { RepositorySync } from "../pulp/providers/repositorySync";
import { ArkAccess, arkRemoteAccess, SiteProxy } from "./arkAccess";

export interface SiteImageArgs {
    /** The site's own Pulp. */
    readonly connection: pulumi.Input<PulpConnection>;
    readonly ark: ArkAccess;
    /** Ark's release namespace, e.g. "kolla". */
    readonly namespace: string;
    /** The image name on Ark, e.g. "rocky-keystone". */
    readonly image: string;
    /** The one tag this client pulls. */
    readonly tag: string;
    readonly proxy?: SiteProxy;
}

/**
 * One pinned container image on a client site's Pulp: a remote to Ark's registry (through its TLS
 * front, with the client's certificate and password) that sees exactly the pinned tag, a sync, and a
 * distribution at the same path as on Ark, so the site's hosts pull `<site>/N/I:<tag>`. on_demand:
 * the sync fetches manifests; layers come from Ark the first time a host pulls them.
 */
export class SiteImage extends pulumi.ComponentResource {
    readonly repository: Repository;
    readonly remote: Remote;
    readonly sync: RepositorySync;
    readonly distribution: Distribution;

    constructor(name: string, args: SiteImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:client:SiteImage", name, {}, opts);
        const { connection, ark } = args;
        const path = `${args.namespace}/${args.image}`;
        const labels = { "release-train.image": path };
        this.repository = new Repository(
            `${name}-repo`,
            { connection, plugin: "container", name: path, pulp_labels: labels },
            { parent: this },
        );
        const url = ark.url.replace(/\/+$/, "");
        this.remote = new Remote(
            `${name}-remote`,
            {
                connection,
                plugin: "container",
                name: path,
                url,
                upstream_name: path,
                // Pulp's current name for include_tags (which it still accepts and folds into this).
                includes: [args.tag],
                policy: "on_demand",
                pulp_labels: { ...labels, "release-train.tag": args.tag },
                ...arkRemoteAccess(ark, args.proxy),
            },
            { parent: this },
        );
        this.sync = new RepositorySync(
            `${name}-sync`,
            {
                connection,
                plugin: "container",
                repository: this.repository.pulp_href,
                remote: this.remote.pulp_href,
                // The mirror holds exactly the pinned tag: a re-pin drops the old one from the site.
                mirror: true,
                // The remote is updated in place on a re-pin; the new tag is what means "sync again".
                trigger: `${url}/${path}:${args.tag}`,
                // A refusal then names who was refused, as well as the remote and Ark's URL.
                label: `container image ${path}:${args.tag} as Ark user '${ark.username}'`,
            },
            { parent: this },
        );
        this.distribution = new Distribution(
            `${name}-dist`,
            {
                connection,
                plugin: "container",
                name: path,
                base_path: path,
                repository_version: this.sync.repository_version,
                pulp_labels: { ...labels, "release-train.tag": args.tag },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
