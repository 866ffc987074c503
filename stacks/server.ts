import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { ArkPki } from "../components/pki/arkPki";
import { PulpConnection } from "../components/pulp/client/connection";
import { PulpServerReady } from "../components/pulp/providers/serverReady";
import { PulpServer, PulpServerArgs, pulpServerProblems } from "../components/server/pulpServer";
import { ValidationError } from "../model/problems";
import { StackConfig } from "./config";

export interface ServerInputs {
    readonly cfg: StackConfig;
    /** The stack's connection to its Pulp (pulpUrl, pulpUsername, pulpPassword): a secret. */
    readonly connection: pulumi.Output<PulpConnection>;
    /** pulpPassword: a deployed Pulp seeds its admin user with it. */
    readonly adminPassword: pulumi.Output<string>;
    /** Secret config, decrypted, for validation before anything is declared (never exported). */
    readonly secrets: { readonly dbEncryptionKey?: string; readonly tokenPrivateKey?: string };
}

/** The stack's Pulp: the connection every Pulp resource gets, which waits for `ready`. */
export interface PulpSite {
    readonly connection: pulumi.Output<PulpConnection>;
    readonly ready: PulpServerReady;
    readonly server?: PulpServer;
}

const DB_KEY = "release-train:pulpDbEncryptionKey";
const TOKEN_KEY = "release-train:pulpTokenPrivateKey";

/** Problems with the deployment's secret config, each naming the key and the fix (values never shown). */
export function serverSecretProblems(cfg: StackConfig, s: ServerInputs["secrets"]): string[] {
    const deploy = cfg.server?.mode === "deploy";
    const token = deploy && cfg.server?.tokenAuth === true;
    const p: string[] = [];
    if (!deploy)
        for (const [k, v] of [
            [DB_KEY, s.dbEncryptionKey],
            [TOKEN_KEY, s.tokenPrivateKey],
        ] as const)
            if (v !== undefined) p.push(`${k} is used only to deploy Pulp (server.mode deploy): remove it`);
    if (deploy) {
        const key = s.dbEncryptionKey?.trim();
        if (!key)
            p.push(
                `${DB_KEY} is required to deploy Pulp: pulumi config set --secret pulpDbEncryptionKey "$(openssl rand -base64 32)"`,
            );
        else if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(key) || Buffer.from(key, "base64").length !== 32)
            p.push(
                `${DB_KEY} must be base64 of 32 random bytes (openssl rand -base64 32); keep it for the life of the server: Pulp cannot read its stored secrets without it`,
            );
    }
    if (token && !s.tokenPrivateKey)
        p.push(
            `${TOKEN_KEY} is required with server.tokenAuth: pulumi config set --secret pulpTokenPrivateKey < key.pem (openssl ecparam -genkey -name prime256v1 -noout)`,
        );
    else if (token && !isP256(s.tokenPrivateKey!))
        p.push(
            `${TOKEN_KEY} must be an EC P-256 private key in PEM (openssl ecparam -genkey -name prime256v1 -noout)`,
        );
    else if (deploy && !token && s.tokenPrivateKey !== undefined)
        p.push(
            `${TOKEN_KEY} is set but server.tokenAuth is not: set server.tokenAuth to true, or remove the key`,
        );
    if (deploy && cfg.server?.front && !cfg.pki)
        p.push(
            "release-train:server.front needs release-train:pki: the front serves Ark's server certificate and trusts its CA",
        );
    return p;
}

function isP256(pem: string): boolean {
    try {
        const k = crypto.createPrivateKey(pem);
        return k.asymmetricKeyType === "ec" && k.asymmetricKeyDetails?.namedCurve === "prime256v1";
    } catch {
        return false;
    }
}

/** The component's arguments from the stack's config and secrets (deploy mode, secrets checked). */
export function serverArgs(i: ServerInputs, pki: ArkPki | undefined): PulpServerArgs {
    const s = i.cfg.server!;
    const tokenKey = s.tokenAuth ? i.secrets.tokenPrivateKey! : undefined;
    return {
        dockerHost: s.host!,
        sshOpts: s.sshOpts,
        image: s.image ?? "docker.io/pulp/pulp",
        version: s.version!,
        containerName: s.containerName,
        network:
            s.network === "bridge"
                ? { mode: "bridge", httpPort: s.httpPort, bindAddress: s.bindAddress }
                : { mode: "host" },
        contentOrigin: s.contentOrigin ?? i.cfg.pulpUrl.replace(/\/$/, ""),
        apiRoot: i.cfg.pulpApiRoot,
        workers: {
            cpus: s.cpus!,
            cap: s.workerCap,
            api: s.apiWorkers,
            content: s.contentWorkers,
            tasks: s.taskWorkers,
        },
        volumes: s.volumes,
        adminPassword: i.adminPassword,
        dbEncryptionKey: pulumi.secret(i.secrets.dbEncryptionKey ?? ""),
        tokenAuth: tokenKey
            ? {
                  privateKey: pulumi.secret(tokenKey),
                  // The public half is not secret: derive it here, in plain text.
                  publicKey: crypto
                      .createPublicKey(tokenKey)
                      .export({ type: "spki", format: "pem" })
                      .toString(),
              }
            : undefined,
        // Without the PKI yet (a check before anything is declared), the front gets stand-ins.
        front: s.front
            ? {
                  ...s.front,
                  certificate: pki?.server.certificate ?? "",
                  privateKey: pki?.server.privateKey ?? "",
                  caCertificate: pki?.caCertificate ?? "",
              }
            : undefined,
        connection: i.connection,
        readyTimeoutSeconds: s.readyTimeoutSeconds,
    };
}

function declare(name: string, i: ServerInputs, pki: ArkPki | undefined): PulpSite {
    const s = i.cfg.server!;
    if (s.mode === "adopt") {
        const ready = new PulpServerReady(`${name}-ready`, {
            connection: i.connection,
            timeout_seconds: s.readyTimeoutSeconds,
        });
        return { connection: ready.gate(i.connection), ready };
    }
    const server = new PulpServer(name, serverArgs(i, pki));
    return { connection: server.connection, ready: server.ready, server };
}

/**
 * Builds what uses the stack's Pulp, then the Pulp itself (deployed or adopted), so every check of
 * the stack (catalogue, pins, PKI, the server's config and secrets) passes before anything is
 * declared. What `users` declares gets a connection that waits until the server is ready. Without
 * release-train:server the stack adopts pulpUrl as it always did: no readiness resource, no wait.
 */
export async function withPulpServer<T>(
    name: string,
    i: ServerInputs,
    users: (connection: pulumi.Output<PulpConnection>) => T | Promise<T>,
    frontPki?: (built: T) => ArkPki | undefined,
): Promise<T & { pulp?: PulpSite }> {
    const problems = serverSecretProblems(i.cfg, i.secrets);
    if (!i.cfg.server) {
        if (problems.length) throw new ValidationError("the Pulp server does not add up", problems);
        return { ...(await users(i.connection)), pulp: undefined };
    }
    // The component's own checks too, so it cannot fail once what uses the server is declared.
    if (!problems.length && i.cfg.server?.mode === "deploy")
        problems.push(
            ...pulpServerProblems(serverArgs(i, undefined)).map((p) => `release-train:server: ${p}`),
        );
    if (problems.length) throw new ValidationError("the Pulp server does not add up", problems);
    let settle!: { resolve(c: pulumi.Output<PulpConnection>): void; reject(e: unknown): void };
    const later = new Promise<pulumi.Output<PulpConnection>>(
        (resolve, reject) => (settle = { resolve, reject }),
    );
    // Secret from the start: it carries the password before the server's output is known.
    const connection = pulumi.secret(pulumi.output(later)) as pulumi.Output<PulpConnection>;
    try {
        const built = await users(connection);
        const pulp = declare(name, i, frontPki?.(built));
        settle.resolve(pulp.connection);
        return { ...built, pulp };
    } catch (e) {
        // Resources declared before the failure must not wait for a server that never comes.
        settle.reject(e);
        throw e;
    }
}
