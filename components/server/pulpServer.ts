import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { PulpServerReady } from "../pulp/providers/serverReady";
import { FrontSpec, frontUploads } from "./frontContainer";
import { containerEnv, containerHealthcheck, containerUploads, PULP_PATHS } from "./pulpContainer";
import { DEFAULT_VOLUMES, PulpServerArgs, pulpServerProblems } from "./pulpServerArgs";

export * from "./pulpServerArgs";

const PULP_HTTP_PORT = 80;
const FRONT_TLS_PORT = 443;

/**
 * A Pulp server as a container on its host (the pulp/pulp image: Pulp, its PostgreSQL and its web
 * server in one container, as Kayobe's seed runs it), through the host's Docker engine over SSH,
 * with its data in volumes that outlive the container, and optionally Ark's TLS front beside it.
 *
 * A new image version replaces the container and nothing else: the volumes stay, the image runs
 * its migrations on start, and the readiness resource (replaced with the container) holds back
 * every resource that talks to the server until it serves again. A rollback is the same config
 * change back (migrations do not run backwards: roll back across one only with a database backup).
 */
export class PulpServer extends pulumi.ComponentResource {
    /** The stack's connection, once the server is ready: give it to everything that talks to Pulp. */
    readonly connection: pulumi.Output<PulpConnection>;
    readonly ready: PulpServerReady;
    readonly container: docker.Container;
    readonly front?: docker.Container;
    readonly volumes: Record<string, docker.Volume> = {};

    constructor(name: string, args: PulpServerArgs, opts?: pulumi.ComponentResourceOptions) {
        // The arguments hold secrets (passwords, keys): never hand them to the engine as inputs.
        super("releasetrain:server:PulpServer", name, {}, opts);
        const problems = pulpServerProblems(args);
        if (problems.length)
            throw new Error(`invalid Pulp server arguments for '${name}':\n  - ${problems.join("\n  - ")}`);
        const provider = new docker.Provider(
            `${name}-docker`,
            { host: args.dockerHost, sshOpts: args.sshOpts },
            { parent: this },
        );
        const child = { parent: this, provider };
        const cname = args.containerName ?? "pulp";
        const ref = args.version.startsWith("sha256:")
            ? `${args.image}@${args.version}`
            : `${args.image}:${args.version}`;
        // Kept on the host when replaced: a rollback to it needs no pull.
        const image = new docker.RemoteImage(`${name}-image`, { name: ref, keepLocally: true }, child);

        const mounts: docker.types.input.ContainerVolume[] = [];
        for (const kind of ["storage", "database", "containers"] as const) {
            const source = args.volumes?.[kind] ?? DEFAULT_VOLUMES[kind];
            const containerPath = PULP_PATHS[kind];
            if (source.startsWith("/")) {
                mounts.push({ hostPath: source, containerPath });
                continue;
            }
            // Pulp's data: never deleted with the stack, nor when the container is replaced.
            this.volumes[kind] = new docker.Volume(
                `${name}-${kind}`,
                { name: source },
                { ...child, retainOnDelete: true },
            );
            mounts.push({ volumeName: this.volumes[kind].name, containerPath });
        }

        const net = args.network;
        const network =
            net.mode === "bridge"
                ? new docker.Network(`${name}-network`, { name: `${cname}-net` }, child)
                : undefined;
        const placement = (aliases: string[]): Partial<docker.ContainerArgs> =>
            network ? { networksAdvanced: [{ name: network.name, aliases }] } : { networkMode: "host" };

        this.container = new docker.Container(
            `${name}-container`,
            {
                name: cname,
                image: image.imageId,
                envs: containerEnv(args),
                uploads: containerUploads(args),
                volumes: mounts,
                ...placement([cname]),
                ports:
                    net.mode === "bridge" && net.httpPort
                        ? [
                              {
                                  internal: PULP_HTTP_PORT,
                                  external: net.httpPort,
                                  ip: net.bindAddress ?? "127.0.0.1",
                              },
                          ]
                        : undefined,
                restart: "unless-stopped",
                mustRun: true,
                healthcheck: containerHealthcheck(args.apiRoot),
                // PostgreSQL runs inside: give it time to shut down cleanly on replace or stop.
                stopTimeout: 120,
                destroyGraceSeconds: 120,
            },
            // One container of that name (and those ports) at a time.
            { ...child, deleteBeforeReplace: true },
        );

        if (args.front) {
            const f = args.front;
            const spec: FrontSpec = {
                listen: network ? `0.0.0.0:${FRONT_TLS_PORT}` : `${f.bindAddress ?? "0.0.0.0"}:${f.port}`,
                serverName: f.serverName,
                upstream: network
                    ? `http://${cname}:${PULP_HTTP_PORT}`
                    : `http://127.0.0.1:${PULP_HTTP_PORT}`,
                certificate: f.certificate,
                privateKey: f.privateKey,
                caCertificate: f.caCertificate,
            };
            const frontImage = new docker.RemoteImage(
                `${name}-front-image`,
                { name: f.image, keepLocally: true },
                child,
            );
            this.front = new docker.Container(
                `${name}-front`,
                {
                    name: `${cname}-front`,
                    image: frontImage.imageId,
                    uploads: frontUploads(spec),
                    ...placement([`${cname}-front`]),
                    ports: network
                        ? [{ internal: FRONT_TLS_PORT, external: f.port, ip: f.bindAddress ?? "0.0.0.0" }]
                        : undefined,
                    // nginx resolves Pulp's name once: a new Pulp container means a new front on a bridge.
                    labels: network
                        ? [{ label: "release-train.pulp-container", value: this.container.id }]
                        : undefined,
                    restart: "unless-stopped",
                    mustRun: true,
                },
                { ...child, deleteBeforeReplace: true },
            );
        }

        this.ready = new PulpServerReady(
            `${name}-ready`,
            {
                connection: args.connection,
                timeout_seconds: args.readyTimeoutSeconds ?? 900,
                trigger: this.container.id,
            },
            { parent: this, dependsOn: this.front ? [this.front] : [] },
        );
        this.connection = this.ready.gate(args.connection);
        this.registerOutputs({});
    }
}
