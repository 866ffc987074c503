import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface AptSource {
    /** The snapshot URL, e.g. http://127.0.0.1:24816/pulp/content/ubuntu/noble/20260101T000000/ */
    readonly url: string;
    readonly suites: string[];
    readonly components: string[];
    /** A keyring that must have signed the Release files; without it the source is `trusted=yes`. */
    readonly signedBy?: string;
    readonly login?: { readonly username: string; readonly password: string };
    /** The client host's architecture (default amd64). */
    readonly arch?: string;
}

export interface AptResult {
    readonly ok: boolean;
    /** `apt-get update` succeeded. */
    readonly updated: boolean;
    /** Package files downloaded. */
    readonly files: string[];
    readonly output: string;
}

// As root, apt runs as this unprivileged user, as on a client host where nobody is root for apt.
const UNPRIVILEGED = "nobody";

function runAs(): { uid?: number; gid?: number } {
    if (process.getuid?.() !== 0) return {};
    const id = (flag: string) => Number(execFileSync("id", [flag, UNPRIVILEGED]).toString().trim());
    return { uid: id("-u"), gid: id("-g") };
}

/**
 * `apt-get update` then `apt-get download` of packages, as a client host would, in a throwaway
 * apt tree that knows only this source: its own sources.list, auth.conf (mode 0600), keyrings,
 * state and cache. APT_CONFIG points apt at that tree before it reads anything, so the
 * machine's own apt configuration is neither read nor changed.
 */
export async function aptDownload(src: AptSource, packages: string[]): Promise<AptResult> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rt-apt-"));
    const d = (...p: string[]) => path.join(root, ...p);
    for (const dir of [
        "etc/apt.conf.d",
        "etc/sources.list.d",
        "etc/trusted.gpg.d",
        "etc/preferences.d",
        "etc/auth.conf.d",
        "state/lists/partial",
        "cache/archives/partial",
        "log",
        "dl",
    ])
        fs.mkdirSync(d(dir), { recursive: true });
    fs.writeFileSync(d("state/status"), "");
    const opts = [
        `arch=${src.arch ?? "amd64"}`,
        src.signedBy ? `signed-by=${src.signedBy}` : "trusted=yes",
    ].join(" ");
    fs.writeFileSync(
        d("etc/sources.list"),
        // One-line entries take one suite each.
        src.suites.map((s) => [`deb [${opts}]`, src.url, s, ...src.components].join(" ") + "\n").join(""),
    );
    if (src.login) {
        // A machine without a scheme matches only https: name http:// for a loopback Ark.
        const machine = src.url;
        fs.writeFileSync(
            d("etc/auth.conf"),
            `machine ${machine}\nlogin ${src.login.username}\npassword ${src.login.password}\n`,
            { mode: 0o600 },
        );
    }
    const conf = d("apt.conf");
    fs.writeFileSync(
        conf,
        [
            `Dir::Etc "${d("etc")}/";`,
            `Dir::State "${d("state")}/";`,
            `Dir::State::status "${d("state/status")}";`,
            `Dir::Cache "${d("cache")}/";`,
            `Dir::Log "${d("log")}/";`,
            `APT::Architecture "${src.arch ?? "amd64"}";`,
            `APT::Architectures { "${src.arch ?? "amd64"}"; };`,
            // No translations or other index targets: the client needs only Packages.
            'Acquire::Languages "none";',
            'Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";',
            'Acquire::Retries "0";',
            "",
        ].join("\n"),
    );
    const who = runAs();
    if (who.uid !== undefined) execFileSync("chown", ["-R", `${who.uid}:${who.gid}`, root]);
    const apt = (args: string[]) =>
        new Promise<{ ok: boolean; out: string }>((resolve) => {
            execFile(
                "apt-get",
                args,
                {
                    cwd: d("dl"),
                    env: { PATH: process.env.PATH, APT_CONFIG: conf, LC_ALL: "C" },
                    timeout: 120_000,
                    ...who,
                },
                (err, stdout, stderr) => resolve({ ok: !err, out: `${stdout}\n${stderr}` }),
            );
        });
    const update = await apt(["update"]);
    // apt-get update exits 0 when only a warning was printed; a repository that failed is an error.
    const updated = update.ok && !/^(E:|Err:\d)/m.test(update.out);
    const download = updated ? await apt(["download", ...packages]) : { ok: false, out: "" };
    const files = fs.readdirSync(d("dl")).filter((f) => f.endsWith(".deb"));
    fs.rmSync(root, { recursive: true, force: true });
    return { ok: updated && download.ok, updated, files, output: `${update.out}\n${download.out}` };
}
