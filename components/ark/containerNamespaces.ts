import * as pulumi from "@pulumi/pulumi";
import { ContainerCatalogue } from "../../model/containerCatalogue";
import { PulpConnection } from "../pulp/client/connection";
import { ContainerNamespace } from "../pulp/providers/containerNamespace";
import { RoleAssignment } from "../pulp/providers/roleAssignment";
import { ContainerImage } from "./containerImage";

/** pulp_container's namespace roles: push and pull, or pull only. */
export const NAMESPACE_PUSH_ROLE = "container.containernamespace_collaborator";
export const NAMESPACE_PULL_ROLE = "container.containernamespace_consumer";

export interface ArkGroupNames {
    readonly operators: pulumi.Input<string>;
    readonly ci: pulumi.Input<string>;
    readonly clients: pulumi.Input<string>;
}

export interface ContainerNamespacesArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly catalogue: ContainerCatalogue;
    readonly groups: ArkGroupNames;
    /** Image name → every tag some client pins (`promotedImageTags`). */
    readonly promotedTags?: Record<string, string[]>;
}

/**
 * The container catalogue on Ark: the development namespace `N-dev` (CI and operators push and
 * pull), the release namespace `N` (clients and operators pull; nobody pushes, so a promoted tag
 * changes only through promotion, which runs as Pulp's admin), and every image in both.
 */
export class ContainerNamespaces extends pulumi.ComponentResource {
    readonly development: ContainerNamespace;
    readonly release: ContainerNamespace;
    /** Image name `I` → its development and release repositories and distributions. */
    readonly images: Record<string, ContainerImage> = {};

    constructor(name: string, args: ContainerNamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:ContainerNamespaces", name, {}, opts);
        const { connection, catalogue: c, groups } = args;
        this.development = new ContainerNamespace(
            `${name}-ns-dev`,
            { connection, name: c.devNamespace },
            { parent: this },
        );
        this.release = new ContainerNamespace(
            `${name}-ns-release`,
            { connection, name: c.namespace },
            { parent: this },
        );
        const grants: [string, ContainerNamespace, string, pulumi.Input<string>][] = [
            ["dev-ci", this.development, NAMESPACE_PUSH_ROLE, groups.ci],
            ["dev-operators", this.development, NAMESPACE_PUSH_ROLE, groups.operators],
            ["release-operators", this.release, NAMESPACE_PULL_ROLE, groups.operators],
            ["release-clients", this.release, NAMESPACE_PULL_ROLE, groups.clients],
        ];
        for (const [key, ns, role, group] of grants) {
            new RoleAssignment(
                `${name}-role-${key}`,
                { connection, role, group, content_object: ns.pulp_href },
                { parent: this },
            );
        }
        for (const image of c.images) {
            this.images[image] = new ContainerImage(
                `${name}-${image}`,
                {
                    connection,
                    image,
                    devNamespace: c.devNamespace,
                    namespace: c.namespace,
                    dependsOn: [this.development, this.release],
                    promotedTags: args.promotedTags?.[image],
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
