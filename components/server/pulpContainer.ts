import * as crypto from "crypto";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { PulpWorkersArgs, pulpWorkers, renderPulpSettings } from "./pulpSettings";

/** Where the pulp/pulp image keeps what matters (pulp-oci-images, "Pulp in one container"). */
export const PULP_PATHS = {
    settings: "/etc/pulp/settings.py",
    dbKey: "/etc/pulp/certs/database_fields.symmetric.key",
    tokenPrivateKey: "/etc/pulp/certs/token_private_key.pem",
    tokenPublicKey: "/etc/pulp/certs/token_public_key.pem",
    storage: "/var/lib/pulp",
    database: "/var/lib/pgsql",
    containers: "/var/lib/containers",
} as const;

/** The image's pulp user and group: the files Pulp reads must be theirs to read. */
const ROOT_PULP = { owner: "0", group: "700", permissions: "0640" };

export interface PulpContainerSpec {
    readonly contentOrigin: string;
    readonly apiRoot?: string;
    readonly workers: PulpWorkersArgs;
    readonly adminPassword: pulumi.Input<string>;
    readonly dbEncryptionKey: pulumi.Input<string>;
    /** The registry's token key pair (EC P-256); the token server defaults to <contentOrigin>/token/. */
    readonly tokenAuth?: {
        readonly privateKey: pulumi.Input<string>;
        readonly publicKey: string;
        readonly server?: string;
    };
}

/**
 * Django's SECRET_KEY, derived from the database encryption key so an operator keeps one secret
 * fewer; a one-way derivation, so the settings file never reveals the database key.
 */
export function secretKeyFrom(dbEncryptionKey: string): string {
    return crypto
        .createHmac("sha256", dbEncryptionKey.trim())
        .update("release-train SECRET_KEY")
        .digest("base64url");
}

/** The settings file a container gets: from the one generator, with the image's paths. */
export function containerSettings(s: PulpContainerSpec, dbEncryptionKey: string): string {
    return renderPulpSettings({
        contentOrigin: s.contentOrigin,
        apiRoot: s.apiRoot,
        secretKey: secretKeyFrom(dbEncryptionKey),
        storage: { mediaRoot: `${PULP_PATHS.storage}/media`, workingDirectory: `${PULP_PATHS.storage}/tmp` },
        // The image's own PostgreSQL, over its local socket; its data is the database volume.
        database: { name: "pulp", user: "pulp" },
        dbEncryptionKeyFile: PULP_PATHS.dbKey,
        workers: s.workers,
        tokenAuth: s.tokenAuth
            ? {
                  server: s.tokenAuth.server ?? `${s.contentOrigin}/token/`,
                  privateKeyFile: PULP_PATHS.tokenPrivateKey,
                  publicKeyFile: PULP_PATHS.tokenPublicKey,
              }
            : undefined,
    }).file;
}

/** The container's environment: process counts plain, the admin password as a secret. */
export function containerEnv(s: PulpContainerSpec): pulumi.Input<string>[] {
    const w = pulpWorkers(s.workers);
    return [
        `PULP_WORKERS=${w.tasks}`,
        `PULP_API_WORKERS=${w.api}`,
        `PULP_CONTENT_WORKERS=${w.content}`,
        // TLS is the front's job; Pulp's own nginx serves plain HTTP.
        "PULP_HTTPS=false",
        // The image sets it on the first start only (when there is no admin yet).
        pulumi.secret(pulumi.interpolate`PULP_DEFAULT_ADMIN_PASSWORD=${s.adminPassword}`),
    ];
}

/** Files written into the container before it starts; every secret one as a secret. */
export function containerUploads(s: PulpContainerSpec): docker.types.input.ContainerUpload[] {
    const key = pulumi.output(s.dbEncryptionKey);
    const uploads: docker.types.input.ContainerUpload[] = [
        {
            file: PULP_PATHS.settings,
            content: pulumi.secret(key.apply((k) => containerSettings(s, k))),
            ...ROOT_PULP,
        },
        { file: PULP_PATHS.dbKey, content: pulumi.secret(key.apply((k) => `${k.trim()}\n`)), ...ROOT_PULP },
    ];
    if (s.tokenAuth)
        uploads.push(
            {
                file: PULP_PATHS.tokenPrivateKey,
                content: pulumi.secret(s.tokenAuth.privateKey),
                ...ROOT_PULP,
            },
            {
                file: PULP_PATHS.tokenPublicKey,
                content: s.tokenAuth.publicKey,
                ...ROOT_PULP,
                permissions: "0644",
            },
        );
    return uploads;
}

/** Docker's own health check: the same conditions the readiness resource waits for. */
export function containerHealthcheck(apiRoot = "/pulp/"): docker.types.input.ContainerHealthcheck {
    const check =
        `import json,sys,urllib.request as u; ` +
        `s=json.load(u.urlopen('http://127.0.0.1${apiRoot}api/v3/status/',timeout=10)); ` +
        `sys.exit(0 if s['database_connection']['connected'] and s['online_workers'] and s['online_content_apps'] else 1)`;
    return {
        tests: ["CMD", "python3", "-c", check],
        interval: "30s",
        timeout: "15s",
        retries: 5,
        // Migrations run on start after an upgrade and can take a while.
        startPeriod: "10m",
    };
}
