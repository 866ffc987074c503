import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../pulp/client/connection";
import { PulpWorkersArgs, pulpSettingsProblems } from "./pulpSettings";

/**
 * Host networking (as Kayobe's seed runs Pulp: its web server on the host's port 80), or a private
 * Docker network with Pulp's web server published on `httpPort` of `bindAddress` (default 127.0.0.1).
 */
export type PulpNetwork =
    | { readonly mode: "host" }
    | { readonly mode: "bridge"; readonly httpPort?: number; readonly bindAddress?: string };

/** Ark's TLS front beside Pulp: nginx demanding a client certificate signed by the Ark CA. */
export interface PulpFrontArgs {
    /** A pinned nginx image, e.g. "docker.io/library/nginx:1.28.0". */
    readonly image: string;
    readonly port: number;
    readonly bindAddress?: string;
    readonly serverName?: string;
    readonly certificate: pulumi.Input<string>;
    readonly privateKey: pulumi.Input<string>;
    readonly caCertificate: pulumi.Input<string>;
}

export interface PulpServerArgs {
    /** The Docker engine on the Pulp host, reached over SSH, e.g. "ssh://deploy@ark.example.com". */
    readonly dockerHost: string;
    /** Extra ssh options, e.g. ["-i", "/home/ops/.ssh/ark"]. */
    readonly sshOpts?: string[];
    /** The Pulp image, e.g. "docker.io/pulp/pulp", and its pinned version: a tag such as 3.49.1, or sha256:<digest>. */
    readonly image: string;
    readonly version: string;
    /** Docker's name for the container (default "pulp"); the front is "<name>-front". */
    readonly containerName?: string;
    readonly network: PulpNetwork;
    readonly contentOrigin: string;
    readonly apiRoot?: string;
    readonly workers: PulpWorkersArgs;
    /** Docker volume names, or absolute host paths to bind; defaults pulp_storage, pulp_pgsql, pulp_containers. */
    readonly volumes?: {
        readonly storage?: string;
        readonly database?: string;
        readonly containers?: string;
    };
    /** Seeds the admin user on the first start (secret). */
    readonly adminPassword: pulumi.Input<string>;
    /** The key Pulp encrypts secrets in its database with: base64 of 32 bytes (secret). */
    readonly dbEncryptionKey: pulumi.Input<string>;
    /** The registry's token auth: an EC P-256 key pair (the private key secret). */
    readonly tokenAuth?: {
        readonly privateKey: pulumi.Input<string>;
        readonly publicKey: string;
        readonly server?: string;
    };
    readonly front?: PulpFrontArgs;
    /** How resources reach this Pulp (the stack's connection): readiness polls its status there. */
    readonly connection: pulumi.Input<PulpConnection>;
    /** How long a start may take, migrations included (default 900 s). */
    readonly readyTimeoutSeconds?: number;
}

export const DEFAULT_VOLUMES = {
    storage: "pulp_storage",
    database: "pulp_pgsql",
    containers: "pulp_containers",
};

const FLOATING = /^(latest|stable|nightly|https|main|master)$/i;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** repository[:tag|@digest], the repository optionally behind a registry host[:port]. */
const IMAGE_REF = /^((?:[\w.-]+(?::\d+)?\/)?[\w.-]+(?:\/[\w.-]+)*)(?::([\w][\w.-]*)|@(sha256:[0-9a-f]{64}))$/;
const port = (p: number | undefined) => p === undefined || (Number.isInteger(p) && p >= 1 && p <= 65535);

/** A tag that names a release, or a digest; the floating tags would upgrade Pulp behind the operator's back. */
export function pinnedVersionProblem(what: string, v: string): string | undefined {
    if (DIGEST.test(v)) return undefined;
    if (FLOATING.test(v) || !/^[\w][\w.-]{0,127}$/.test(v) || !/\d/.test(v))
        return `${what} '${v}' must be a pinned version (a release tag such as 3.49.1, or sha256:<digest>), not a moving tag`;
    return undefined;
}

/** An image reference with a pinned tag or a digest, e.g. docker.io/library/nginx:1.28.0. */
export function imageRefProblem(what: string, ref: string): string | undefined {
    const m = IMAGE_REF.exec(ref);
    const tag = m?.[2] ? pinnedVersionProblem(`${what}'s tag`, m[2]) : undefined;
    if (m && !tag) return undefined;
    return `${tag ?? `${what} '${ref}' must be an image with a pinned tag or digest`}: e.g. docker.io/library/nginx:1.28.0`;
}

/** Every problem with the arguments, each naming the field and the fix. */
export function pulpServerProblems(a: PulpServerArgs): string[] {
    const p: string[] = [];
    if (!/^ssh:\/\/([\w.-]+@)?[\w.-]+(:\d{1,5})?$/.test(a.dockerHost))
        p.push(
            `dockerHost '${a.dockerHost}' must be ssh://[user@]host[:port] (the Docker engine on the Pulp host)`,
        );
    if (!/^[\w.-]+(:\d+)?(\/[\w.-]+)+$/.test(a.image))
        p.push(`image '${a.image}' must be a repository without a tag, e.g. docker.io/pulp/pulp`);
    const v = pinnedVersionProblem("version", a.version);
    if (v) p.push(v);
    if (a.containerName !== undefined && !/^[a-zA-Z0-9][\w.-]*$/.test(a.containerName))
        p.push(`containerName '${a.containerName}' must be letters, digits, '_', '.' and '-'`);
    for (const [k, x] of Object.entries(a.volumes ?? {}))
        if (x !== undefined && !/^(\/[^\s:]*|[a-zA-Z0-9][\w.-]+)$/.test(x))
            p.push(`volumes.${k} '${x}' must be a Docker volume name or an absolute host path`);
    if (a.network.mode === "bridge") {
        if (!port(a.network.httpPort))
            p.push(`network.httpPort must be a TCP port, got ${a.network.httpPort}`);
        if (a.network.httpPort === undefined && !a.front)
            p.push("network: a bridge network needs httpPort or a front, else nothing reaches Pulp");
    }
    if (a.front) {
        if (!port(a.front.port)) p.push(`front.port must be a TCP port, got ${a.front.port}`);
        const fi = imageRefProblem("front.image", a.front.image);
        if (fi) p.push(fi);
        if (a.network.mode === "host" && a.front.port === 80)
            p.push("front.port 80 is Pulp's own web server on a host network: choose another, e.g. 443");
    }
    if (a.readyTimeoutSeconds !== undefined && !(a.readyTimeoutSeconds >= 1))
        p.push(`readyTimeoutSeconds must be at least 1, got ${a.readyTimeoutSeconds}`);
    // The settings' own rules, with stand-ins for the paths and secrets the component supplies.
    p.push(
        ...pulpSettingsProblems({
            contentOrigin: a.contentOrigin,
            apiRoot: a.apiRoot,
            secretKey: "x".repeat(32),
            storage: { mediaRoot: "/m", workingDirectory: "/w" },
            database: { name: "pulp", user: "pulp" },
            dbEncryptionKeyFile: "/k",
            workers: a.workers,
            tokenAuth: a.tokenAuth?.server
                ? { server: a.tokenAuth.server, privateKeyFile: "/p", publicKeyFile: "/q" }
                : undefined,
        }),
    );
    return p;
}
