import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { ContainerNamespace } from "../pulp/providers/containerNamespace";
import { RoleAssignment } from "../pulp/providers/roleAssignment";
import { Snapshot } from "../pulp/providers/snapshot";
import { ArkGroupNames, NAMESPACE_PULL_ROLE } from "./containerNamespaces";

/** pulp_container's role to pull one distribution. */
export const DISTRIBUTION_PULL_ROLE = "container.containerdistribution_consumer";

export interface ContainerSnapshotAccessArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    /** The base paths of the synced container entries; their first component is a namespace. */
    readonly basePaths: string[];
    readonly groups: ArkGroupNames;
}

/** The namespace a registry path lies in. */
export const namespaceOfPath = (basePath: string) => basePath.split("/")[0];

/**
 * Who may pull container snapshots: a container distribution cannot take the development and
 * release content guards, so its snapshots are private, operators and CI pull every snapshot
 * through a role on the entry's namespace, and clients pull a released one through a role on it.
 */
export class ContainerSnapshotAccess extends pulumi.ComponentResource {
    readonly namespaces: Record<string, ContainerNamespace> = {};
    private readonly args: ContainerSnapshotAccessArgs;
    private readonly prefix: string;

    constructor(name: string, args: ContainerSnapshotAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:ContainerSnapshotAccess", name, {}, opts);
        this.args = args;
        this.prefix = name;
        const { connection, groups } = args;
        for (const ns of [...new Set(args.basePaths.map(namespaceOfPath))].sort()) {
            const namespace = new ContainerNamespace(
                `${name}-ns-${ns}`,
                { connection, name: ns },
                { parent: this },
            );
            this.namespaces[ns] = namespace;
            for (const [key, group] of [
                ["operators", groups.operators],
                ["ci", groups.ci],
            ] as const) {
                new RoleAssignment(
                    `${name}-ns-${ns}-${key}`,
                    { connection, role: NAMESPACE_PULL_ROLE, group, content_object: namespace.pulp_href },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({});
    }

    /** What a snapshot at this base path waits for: Pulp would make its namespace itself otherwise. */
    namespaceOf(basePath: string): pulumi.Resource[] {
        const ns = this.namespaces[namespaceOfPath(basePath)];
        return ns ? [ns] : [];
    }

    /** Lets the clients pull one released snapshot. */
    release(key: string, snapshot: Snapshot): RoleAssignment {
        return new RoleAssignment(
            `${this.prefix}-${key}-clients`,
            {
                connection: this.args.connection,
                role: DISTRIBUTION_PULL_ROLE,
                group: this.args.groups.clients,
                content_object: snapshot.pulp_href,
            },
            { parent: this },
        );
    }
}
