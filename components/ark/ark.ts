import * as pulumi from "@pulumi/pulumi";
import { CatalogueEntry } from "../../model/catalogue";
import { ContainerCatalogue } from "../../model/containerCatalogue";
import { promotedImageTags } from "../../model/containerPins";
import { Ledger } from "../../model/ledger";
import { ClientPins, pinnedSnapshots } from "../../model/pins";
import { declareInSlices, RESOURCES_PER_SLICE } from "../declareInSlices";
import { PulpConnection } from "../pulp/client/connection";
import { ContentGuard } from "../pulp/providers/contentGuard";
import { Group } from "../pulp/providers/group";
import { User } from "../pulp/providers/user";
import { CatalogueRepository } from "./catalogueRepository";
import { ContainerImage } from "./containerImage";
import { ContainerNamespaces } from "./containerNamespaces";
import { ContainerSnapshotAccess } from "./containerSnapshotAccess";
import { publicationOptions } from "./publicationOptions";
import { ReleaseSnapshot } from "./releaseSnapshot";

export interface ArkClient {
    readonly name: string;
    /** The client's Ark password (secret). */
    readonly password: pulumi.Input<string>;
}

export interface ArkArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly catalogue: CatalogueEntry[];
    readonly ledger: Ledger;
    /** Every client's pins: a pinned snapshot is released. */
    readonly pins: ClientPins[];
    readonly clients: ArkClient[];
    /** The container catalogue: its development and release namespaces and images. */
    readonly containers?: ContainerCatalogue;
    /** Usernames (existing Pulp users) in the operators and CI groups. */
    readonly operators?: string[];
    readonly ci?: string[];
    /** Names of the groups and guards on Ark; defaults operators, ci, clients, development, release. */
    readonly names?: {
        operators?: string;
        ci?: string;
        clients?: string;
        development?: string;
        release?: string;
    };
}

/**
 * Ark's content model: a repository (and remote) per catalogue entry, the development and release
 * guards, the operator/CI/client groups, a user per client, and every ledger snapshot guarded by
 * whether a client pins it.
 */
export class Ark extends pulumi.ComponentResource {
    readonly repositories: Record<string, CatalogueRepository> = {};
    /** Every ledger snapshot, by `<short_name>/<id>`: complete once `declared` has resolved. */
    readonly snapshots: Record<string, ReleaseSnapshot> = {};
    /**
     * Resolves once every snapshot is declared (they go a slice at a time: declareInSlices.ts).
     * A program awaits it before it ends.
     */
    readonly declared: Promise<void>;
    readonly development: ContentGuard;
    readonly release: ContentGuard;
    readonly containers?: ContainerNamespaces;
    /** Image name → its `N-dev/I` and `N/I` repositories and distributions (empty without containers). */
    readonly containerImages: Record<string, ContainerImage> = {};

    constructor(name: string, args: ArkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:ark:Ark", name, {}, opts);
        const connection = args.connection;
        const g = {
            operators: "operators",
            ci: "ci",
            clients: "clients",
            development: "development",
            release: "release",
            ...args.names,
        };

        const users = args.clients.map(
            (c) =>
                new User(
                    `${name}-client-${c.name}`,
                    { connection, username: c.name, password: c.password },
                    { parent: this },
                ),
        );
        const groups = {
            operators: new Group(
                `${name}-group-operators`,
                { connection, name: g.operators, members: args.operators ?? [] },
                { parent: this },
            ),
            ci: new Group(
                `${name}-group-ci`,
                { connection, name: g.ci, members: args.ci ?? [] },
                { parent: this },
            ),
            clients: new Group(
                `${name}-group-clients`,
                { connection, name: g.clients, members: users.map((u) => u.username) },
                { parent: this },
            ),
        };
        this.development = new ContentGuard(
            `${name}-guard-development`,
            {
                connection,
                guard_type: "rbac",
                name: g.development,
                downloader_groups: [groups.operators.name, groups.ci.name],
            },
            { parent: this },
        );
        this.release = new ContentGuard(
            `${name}-guard-release`,
            {
                connection,
                guard_type: "rbac",
                name: g.release,
                downloader_groups: [groups.operators.name, groups.ci.name, groups.clients.name],
            },
            { parent: this },
        );

        for (const e of args.catalogue) {
            this.repositories[e.short_name] = new CatalogueRepository(
                `${name}-${e.short_name}`,
                { connection, entry: e },
                { parent: this },
            );
        }

        if (args.containers) {
            this.containers = new ContainerNamespaces(
                `${name}-containers`,
                {
                    connection,
                    catalogue: args.containers,
                    groups: groupNames(groups),
                    promotedTags: promotedImageTags(args.pins, args.containers),
                },
                { parent: this },
            );
            this.containerImages = this.containers.images;
        }
        const containerEntries = args.catalogue.filter((e) => e.type === "container" && e.publish);
        const access = containerEntries.length
            ? new ContainerSnapshotAccess(
                  `${name}-container-snapshots`,
                  {
                      connection,
                      basePaths: containerEntries.map((e) => e.base_path),
                      groups: groupNames(groups),
                  },
                  { parent: this },
              )
            : undefined;

        // At the root of the stack this component's URN is known now, so each snapshot's alias can be
        // a plain string: thousands fewer Outputs to resolve in a prod-scale program.
        const urn = opts?.parent
            ? undefined
            : `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::releasetrain:ark:Ark::${name}`;
        const pinned = pinnedSnapshots(args.pins);
        const snapshots = args.catalogue
            .filter((e) => e.publish)
            .flatMap((e) => (args.ledger[e.short_name] ?? []).map((s) => ({ e, s })));
        const declareSnapshot = ({ e, s }: (typeof snapshots)[number]) => {
            const released = pinned.has(`${e.short_name}/${s.id}`);
            this.snapshots[`${e.short_name}/${s.id}`] = new ReleaseSnapshot(
                `${name}-${e.short_name}-${s.id}`,
                {
                    connection,
                    plugin: e.type,
                    shortName: e.short_name,
                    id: s.id,
                    version: s.version,
                    repository: this.repositories[e.short_name].repository.pulp_href,
                    distributionName: e.distribution_name,
                    basePath: e.base_path,
                    contentGuard: (released ? this.release : this.development).pulp_href,
                    released,
                    publicationOptions: publicationOptions(e),
                    parentUrn: urn,
                },
                { parent: this, ...(access ? { dependsOn: access.namespaceOf(e.base_path) } : {}) },
            );
            if (access && e.type === "container" && released)
                access.release(`${e.short_name}-${s.id}`, this.snapshots[`${e.short_name}/${s.id}`]);
        };
        this.declared = declareInSlices(snapshots, declareSnapshot, RESOURCES_PER_SLICE).then(() =>
            this.registerOutputs({}),
        );
    }
}

const groupNames = (g: Record<"operators" | "ci" | "clients", Group>) => ({
    operators: g.operators.name,
    ci: g.ci.name,
    clients: g.clients.name,
});
