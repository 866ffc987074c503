import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface DnfRepo {
    readonly baseurl: string;
    readonly username?: string;
    readonly password?: string;
    /** TLS: the server's CA, and the client certificate and key. */
    readonly sslcacert?: string;
    readonly sslclientcert?: string;
    readonly sslclientkey?: string;
}

export interface DnfResult {
    readonly ok: boolean;
    /** Package files downloaded. */
    readonly files: string[];
    readonly output: string;
}

/**
 * Resolves and downloads a package with Debian's dnf, as a client host would, in a throwaway
 * installroot that knows only this repository.
 */
export function dnfDownload(repo: DnfRepo, pkg: string): Promise<DnfResult> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rt-dnf-"));
    const dl = path.join(root, "dl");
    fs.mkdirSync(path.join(root, "repos"), { recursive: true });
    fs.mkdirSync(dl);
    const lines = [
        "[release-train]",
        "name=release-train",
        `baseurl=${repo.baseurl}`,
        "gpgcheck=0",
        "skip_if_unavailable=False",
    ];
    for (const k of ["username", "password", "sslcacert", "sslclientcert", "sslclientkey"] as const) {
        if (repo[k]) lines.push(`${k}=${repo[k]}`);
    }
    fs.writeFileSync(path.join(root, "repos", "release-train.repo"), lines.join("\n") + "\n", {
        mode: 0o600,
    });
    const args = [
        `--installroot=${root}`,
        `--setopt=reposdir=${root}/repos`,
        `--setopt=cachedir=${root}/cache`,
        "--releasever=9",
        "--disablerepo=*",
        "--enablerepo=release-train",
        "--setopt=install_weak_deps=False",
        "install",
        "-y",
        "--downloadonly",
        `--destdir=${dl}`,
        pkg,
    ];
    return new Promise((resolve) => {
        execFile("dnf", args, { timeout: 120_000 }, (err, stdout, stderr) => {
            const files = fs.readdirSync(dl);
            fs.rmSync(root, { recursive: true, force: true });
            resolve({ ok: !err && files.length > 0, files, output: `${stdout}\n${stderr}` });
        });
    });
}
