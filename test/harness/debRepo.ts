import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";

export interface DebSpec {
    readonly name: string;
    readonly version: string;
    /** Default amd64; `all` packages appear in every architecture's index. */
    readonly arch?: string;
}

export interface DebRepoSpec {
    /** distribution (the path under dists/, e.g. `noble-updates/epoxy`) → component → packages. */
    readonly dists: Record<string, Record<string, DebSpec[]>>;
    /** What every Release file declares, e.g. ['amd64', 'arm64']. */
    readonly architectures: string[];
    /** Signs each Release (InRelease and Release.gpg), as real archives do; unsigned without. */
    readonly signingKey?: GpgKey;
    /** Declare `Acquire-By-Hash: yes` as Ubuntu does, without by-hash files (apt falls back). */
    readonly acquireByHash?: boolean;
}

export interface GpgKey {
    readonly homedir: string;
    readonly fingerprint: string;
    /** ASCII-armored public key: what the catalogue's `gpgkey` takes. */
    readonly armored: string;
    /** Binary public keyring file: what apt's `signed-by` takes. */
    readonly keyring: string;
    dispose(): void;
}

// Fixed timestamps make a package byte-identical whenever it is rebuilt, as an upstream's is.
const EPOCH = "1700000000";
const run = (cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}) =>
    execFileSync(cmd, args, {
        cwd: opts.cwd,
        input: opts.input,
        env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
        stdio: ["pipe", "pipe", "pipe"],
    });

/** A throwaway signing key (ed25519, one day) in its own GnuPG home. */
export function makeGpgKey(uid = "release-train test archive <archive@example.invalid>"): GpgKey {
    const homedir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-gpg-"));
    const gpg = (...args: string[]) => run("gpg", ["--homedir", homedir, "--batch", ...args]);
    gpg("--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "1d");
    const fingerprint = String(gpg("--with-colons", "--list-keys"))
        .split("\n")
        .find((l) => l.startsWith("fpr:"))!
        .split(":")[9];
    const keyring = path.join(homedir, "archive-keyring.gpg");
    fs.writeFileSync(keyring, gpg("--export", fingerprint));
    fs.chmodSync(homedir, 0o755); // apt reads the keyring as an unprivileged user
    fs.chmodSync(keyring, 0o644);
    return {
        homedir,
        fingerprint,
        armored: String(gpg("--armor", "--export", fingerprint)),
        keyring,
        dispose: () => {
            try {
                run("gpgconf", ["--homedir", homedir, "--kill", "gpg-agent"]);
            } catch {
                // no agent was started
            }
            fs.rmSync(homedir, { recursive: true, force: true });
        },
    };
}

const debFile = (p: DebSpec) => `${p.name}_${p.version}_${p.arch ?? "amd64"}.deb`;
const poolDir = (component: string, p: DebSpec) => path.join("pool", component, p.name[0], p.name);

/** One tiny package built with dpkg-deb. */
function buildDeb(p: DebSpec, out: string): void {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rt-deb-"));
    fs.mkdirSync(path.join(root, "DEBIAN"));
    fs.mkdirSync(path.join(root, "usr/share", p.name), { recursive: true });
    fs.writeFileSync(
        path.join(root, "DEBIAN/control"),
        [
            `Package: ${p.name}`,
            `Version: ${p.version}`,
            `Architecture: ${p.arch ?? "amd64"}`,
            "Maintainer: release-train tests <tests@example.invalid>",
            "Section: misc",
            "Priority: optional",
            "Description: release-train test package",
            " A tiny package for release-train tests.",
            "",
        ].join("\n"),
    );
    fs.writeFileSync(path.join(root, "usr/share", p.name, "VERSION"), `${p.name} ${p.version}\n`);
    run("find", [root, "-exec", "touch", "-h", "-d", `@${EPOCH}`, "{}", "+"]);
    run("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", root, out]);
    fs.rmSync(root, { recursive: true, force: true });
}

/**
 * (Re)writes a Debian archive as an upstream mirror would: a shared pool of packages built with
 * dpkg-deb, per-distribution Packages indices and Release files written by apt-ftparchive, and
 * InRelease / Release.gpg signed with gpg when a key is given.
 */
export function buildDebRepo(dir: string, spec: DebRepoSpec): void {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const [dist, components] of Object.entries(spec.dists)) {
        for (const [component, packages] of Object.entries(components)) {
            // apt-ftparchive indexes a directory: lay out only this suite's packages, then merge
            // them into the shared pool so Filename paths are the pool's.
            const scan = fs.mkdtempSync(path.join(os.tmpdir(), "rt-debscan-"));
            for (const p of packages) {
                const rel = path.join(poolDir(component, p), debFile(p));
                const pooled = path.join(dir, rel);
                if (!fs.existsSync(pooled)) {
                    fs.mkdirSync(path.dirname(pooled), { recursive: true });
                    buildDeb(p, pooled);
                }
                fs.mkdirSync(path.join(scan, path.dirname(rel)), { recursive: true });
                fs.copyFileSync(pooled, path.join(scan, rel));
            }
            for (const arch of spec.architectures) {
                const indexDir = path.join(dir, "dists", dist, component, `binary-${arch}`);
                fs.mkdirSync(indexDir, { recursive: true });
                const packagesText = fs.existsSync(path.join(scan, "pool"))
                    ? run("apt-ftparchive", ["--arch", arch, "packages", "pool"], { cwd: scan })
                    : Buffer.alloc(0);
                fs.writeFileSync(path.join(indexDir, "Packages"), packagesText);
                fs.writeFileSync(path.join(indexDir, "Packages.gz"), zlib.gzipSync(packagesText));
            }
            fs.rmSync(scan, { recursive: true, force: true });
        }
        writeRelease(dir, dist, Object.keys(components), spec);
    }
}

function writeRelease(dir: string, dist: string, components: string[], spec: DebRepoSpec): void {
    const o = (k: string, v: string) => ["-o", `APT::FTPArchive::Release::${k}=${v}`];
    const release = run(
        "apt-ftparchive",
        [
            ...o("Origin", "release-train-tests"),
            ...o("Label", "release-train-tests"),
            ...o("Suite", dist),
            ...o("Codename", dist.split("/").pop()!),
            ...o("Architectures", spec.architectures.join(" ")),
            ...o("Components", components.join(" ")),
            ...(spec.acquireByHash ? o("Acquire-By-Hash", "yes") : []),
            "release",
            path.join("dists", dist),
        ],
        { cwd: dir },
    );
    const distDir = path.join(dir, "dists", dist);
    fs.writeFileSync(path.join(distDir, "Release"), release);
    const key = spec.signingKey;
    if (!key) return;
    const sign = (...args: string[]) =>
        run("gpg", [
            "--homedir",
            key.homedir,
            "--batch",
            "--yes",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--local-user",
            key.fingerprint,
            "--digest-algo",
            "SHA512",
            ...args,
            path.join(distDir, "Release"),
        ]);
    sign("--clearsign", "--output", path.join(distDir, "InRelease"));
    sign("--armor", "--detach-sign", "--output", path.join(distDir, "Release.gpg"));
}

/** The package file a spec builds, e.g. `foo_1.0_amd64.deb`. */
export { debFile };
