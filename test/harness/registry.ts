import { execFile, execFileSync, spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { gzipSync } from "zlib";

const run = promisify(execFile);

export interface UpstreamRegistry {
    /** http://127.0.0.1:PORT */
    readonly url: string;
    /** 127.0.0.1:PORT, as image references spell it */
    readonly host: string;
    stop(): Promise<void>;
}

async function freePort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
}

/**
 * Debian's docker-registry on loopback, with its own storage: the upstream registry a container
 * catalogue entry syncs from. Anonymous, plain HTTP (skopeo and Pulp are told so).
 */
export async function startUpstreamRegistry(): Promise<UpstreamRegistry> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-registry-"));
    const port = await freePort();
    const config = path.join(dir, "config.yml");
    fs.writeFileSync(
        config,
        [
            "version: 0.1",
            "log:",
            "  level: warn",
            "storage:",
            "  filesystem:",
            `    rootdirectory: ${dir}/data`,
            "  delete:",
            "    enabled: true",
            "http:",
            `  addr: 127.0.0.1:${port}`,
            "",
        ].join("\n"),
    );
    const log = fs.openSync(path.join(dir, "registry.log"), "a");
    const child = spawn("/usr/bin/docker-registry", ["serve", config], { stdio: ["ignore", log, log] });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null)
            throw new Error(
                `docker-registry exited (${child.exitCode}): ${fs.readFileSync(path.join(dir, "registry.log"), "utf8")}`,
            );
        try {
            const r = await fetch(`${url}/v2/`);
            if (r.ok) break;
        } catch {
            /* not listening yet */
        }
        if (Date.now() > deadline) {
            child.kill();
            throw new Error(
                `docker-registry on ${url} did not answer within 30 s (log: ${dir}/registry.log)`,
            );
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return {
        url,
        host: `127.0.0.1:${port}`,
        stop: async () => {
            if (child.exitCode === null) {
                const gone = new Promise((r) => child.once("exit", r));
                child.kill();
                await gone;
            }
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

export interface OciImageSpec {
    /** The tag the layout names the image by (the `oci:DIR:TAG` reference). */
    readonly tag: string;
    /** Files of the single layer: path → content. Different content, different digest. */
    readonly files: Record<string, string>;
}

function blob(dir: string, data: Buffer): { digest: string; size: number } {
    const hex = createHash("sha256").update(data).digest("hex");
    fs.mkdirSync(path.join(dir, "blobs/sha256"), { recursive: true });
    fs.writeFileSync(path.join(dir, "blobs/sha256", hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
}

/**
 * Writes (or adds to) an OCI image layout with one small image: a single gzipped layer of the given
 * files. Deterministic for the same files, so tests can compare digests. Returns the manifest digest.
 */
export function writeOciImage(dir: string, spec: OciImageSpec): string {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), "rt-oci-layer-"));
    try {
        for (const [p, content] of Object.entries(spec.files)) {
            fs.mkdirSync(path.dirname(path.join(staging, p)), { recursive: true });
            fs.writeFileSync(path.join(staging, p), content);
        }
        const tar = execFileSync(
            "tar",
            [
                "-C",
                staging,
                "--sort=name",
                "--mtime=@0",
                "--owner=0",
                "--group=0",
                "--numeric-owner",
                "-cf",
                "-",
                ".",
            ],
            { maxBuffer: 256 * 1024 * 1024 },
        );
        const layer = blob(dir, gzipSync(tar));
        const diffId = `sha256:${createHash("sha256").update(tar).digest("hex")}`;
        const config = blob(
            dir,
            Buffer.from(
                JSON.stringify({
                    architecture: "amd64",
                    os: "linux",
                    config: {},
                    rootfs: { type: "layers", diff_ids: [diffId] },
                }),
            ),
        );
        const manifest = Buffer.from(
            JSON.stringify({
                schemaVersion: 2,
                mediaType: "application/vnd.oci.image.manifest.v1+json",
                config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
                layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer }],
            }),
        );
        const m = blob(dir, manifest);
        fs.writeFileSync(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
        const indexFile = path.join(dir, "index.json");
        const index = fs.existsSync(indexFile)
            ? JSON.parse(fs.readFileSync(indexFile, "utf8"))
            : { schemaVersion: 2, manifests: [] };
        const refName = "org.opencontainers.image.ref.name";
        index.manifests = index.manifests.filter(
            (x: { annotations?: Record<string, string> }) => x.annotations?.[refName] !== spec.tag,
        );
        index.manifests.push({
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            ...m,
            annotations: { [refName]: spec.tag },
        });
        fs.writeFileSync(indexFile, JSON.stringify(index));
        return m.digest;
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
}

export interface Creds {
    readonly username: string;
    readonly password: string;
}

export interface SkopeoOptions {
    readonly srcCreds?: Creds;
    readonly destCreds?: Creds;
    /** Verify TLS (default false: the test registries are plain HTTP or use the test CA). */
    readonly tlsVerify?: boolean;
    /** A directory of CA certificates and client cert/key (skopeo's --*-cert-dir: *.crt, *.cert, *.key). */
    readonly srcCertDir?: string;
    readonly destCertDir?: string;
}

/**
 * Credentials go through an auth file, never the command line (where `ps` and error messages
 * would show them). Returns the file and a cleanup.
 */
function authFile(entries: { host: string; creds: Creds }[]): { file: string; done(): void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-skopeo-auth-"));
    const file = path.join(dir, "auth.json");
    const auths: Record<string, { auth: string }> = {};
    for (const e of entries)
        auths[e.host] = { auth: Buffer.from(`${e.creds.username}:${e.creds.password}`).toString("base64") };
    fs.writeFileSync(file, JSON.stringify({ auths }), { mode: 0o600 });
    return { file, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The registry host of a `docker://HOST/...` reference (undefined for other transports). */
function hostOf(ref: string): string | undefined {
    return ref.startsWith("docker://") ? ref.slice("docker://".length).split("/")[0] : undefined;
}

export class SkopeoError extends Error {
    constructor(
        message: string,
        readonly stderr: string,
    ) {
        super(message);
    }
}

async function skopeo(args: string[], creds: { ref: string; creds?: Creds }[]): Promise<string> {
    const entries = creds
        .filter((c) => c.creds && hostOf(c.ref))
        .map((c) => ({ host: hostOf(c.ref)!, creds: c.creds! }));
    const auth = authFile(entries);
    try {
        const { stdout } = await run(
            "skopeo",
            ["--insecure-policy", ...args.slice(0, 1), "--authfile", auth.file, ...args.slice(1)],
            {
                maxBuffer: 64 * 1024 * 1024,
            },
        );
        return stdout;
    } catch (e) {
        const stderr = String((e as { stderr?: string }).stderr ?? "");
        throw new SkopeoError(
            `skopeo ${args[0]} ${args
                .filter((a) => !a.startsWith("-"))
                .slice(1)
                .join(" ")} failed: ${stderr.trim()}`,
            stderr,
        );
    } finally {
        auth.done();
    }
}

/** `skopeo copy SRC DEST` (references with their transport: oci:DIR:TAG, docker://HOST/NAME:TAG). */
export async function skopeoCopy(src: string, dest: string, o: SkopeoOptions = {}): Promise<void> {
    const tls = String(o.tlsVerify ?? false);
    await skopeo(
        [
            "copy",
            `--src-tls-verify=${tls}`,
            `--dest-tls-verify=${tls}`,
            ...(o.srcCertDir ? ["--src-cert-dir", o.srcCertDir] : []),
            ...(o.destCertDir ? ["--dest-cert-dir", o.destCertDir] : []),
            // Keep the manifest as written, so the digest a registry serves is the one the test made.
            "--preserve-digests",
            src,
            dest,
        ],
        [
            { ref: src, creds: o.srcCreds },
            { ref: dest, creds: o.destCreds },
        ],
    );
}

/** The manifest digest a registry serves for a reference (`docker://HOST/NAME:TAG`). */
export async function skopeoInspectDigest(
    ref: string,
    o: { creds?: Creds; tlsVerify?: boolean; certDir?: string } = {},
): Promise<string> {
    const out = await skopeo(
        [
            "inspect",
            `--tls-verify=${String(o.tlsVerify ?? false)}`,
            ...(o.certDir ? ["--cert-dir", o.certDir] : []),
            "--raw",
            ref,
        ],
        [{ ref, creds: o.creds }],
    );
    return `sha256:${createHash("sha256").update(out).digest("hex")}`;
}

/** The tags a registry lists for a repository (`docker://HOST/NAME`). */
export async function skopeoListTags(
    ref: string,
    o: { creds?: Creds; tlsVerify?: boolean; certDir?: string } = {},
): Promise<string[]> {
    const out = await skopeo(
        [
            "list-tags",
            `--tls-verify=${String(o.tlsVerify ?? false)}`,
            ...(o.certDir ? ["--cert-dir", o.certDir] : []),
            ref,
        ],
        [{ ref, creds: o.creds }],
    );
    return (JSON.parse(out).Tags ?? []).sort();
}

/** A directory skopeo reads TLS material from (--cert-dir): the CA, and a client's certificate and key. */
export function skopeoCertDir(ca: string, pair?: { certificate: string; privateKey: string }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-certs-"));
    fs.writeFileSync(path.join(dir, "ca.crt"), ca);
    if (pair) {
        fs.writeFileSync(path.join(dir, "client.cert"), pair.certificate);
        fs.writeFileSync(path.join(dir, "client.key"), pair.privateKey, { mode: 0o600 });
    }
    return dir;
}
