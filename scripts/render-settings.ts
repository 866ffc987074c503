/**
 * Writes a local Pulp's settings for scripts/pulp-dev through the same function a deployment uses
 * (components/server/pulpSettings.ts), and prints its process counts as shell assignments
 * (API_WORKERS=…, CONTENT_WORKERS=…, TASK_WORKERS=…).
 *   render-settings.ts --out FILE --content-origin URL --secret-key-file F --media-root D
 *     --working-directory D [--static-root D] --db-name N --db-user U [--db-host H --db-port P]
 *     [--db-password-file F] --db-encryption-key-file F --cpus N [--worker-cap N] [--api-workers N]
 *     [--content-workers N] [--task-workers N] [--allowed-import-path D]...
 *     [--token-server URL --token-private-key F --token-public-key F]
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { renderPulpSettings } from "../components/server/pulpSettings";

const fail = (message: string): never => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
};
const str = { type: "string" } as const;
let values: Record<string, string | string[] | undefined> = {};
try {
    values = parseArgs({
        options: {
            out: str,
            "content-origin": str,
            "secret-key-file": str,
            "media-root": str,
            "working-directory": str,
            "static-root": str,
            "db-name": str,
            "db-user": str,
            "db-host": str,
            "db-port": str,
            "db-password-file": str,
            "db-encryption-key-file": str,
            cpus: str,
            "worker-cap": str,
            "api-workers": str,
            "content-workers": str,
            "task-workers": str,
            "allowed-import-path": { type: "string", multiple: true },
            "token-server": str,
            "token-private-key": str,
            "token-public-key": str,
        },
    }).values;
} catch (e) {
    fail(`render-settings: ${(e as Error).message}`);
}
const need = (k: string): string =>
    (values[k] as string | undefined) ?? fail(`render-settings: --${k} is required`);
const opt = (k: string) => values[k] as string | undefined;
const num = (k: string) => {
    const v = opt(k);
    if (v === undefined || v === "") return undefined;
    return /^\d+$/.test(v) ? Number(v) : fail(`--${k} '${v}' must be a whole number of at least 1`);
};
const read = (f: string) => fs.readFileSync(f, "utf8").trim();
const token = opt("token-server");

const settings = (() => {
    try {
        return renderPulpSettings({
            contentOrigin: need("content-origin"),
            secretKey: read(need("secret-key-file")),
            storage: {
                mediaRoot: need("media-root"),
                workingDirectory: need("working-directory"),
                staticRoot: opt("static-root"),
            },
            database: {
                name: need("db-name"),
                user: need("db-user"),
                host: opt("db-host"),
                port: num("db-port"),
                password: opt("db-password-file") ? read(opt("db-password-file")!) : undefined,
            },
            dbEncryptionKeyFile: need("db-encryption-key-file"),
            workers: {
                cpus: num("cpus") ?? fail("render-settings: --cpus is required"),
                cap: num("worker-cap"),
                api: num("api-workers"),
                content: num("content-workers"),
                tasks: num("task-workers"),
            },
            allowedImportPaths: values["allowed-import-path"] as string[] | undefined,
            tokenAuth: token
                ? {
                      server: token,
                      privateKeyFile: need("token-private-key"),
                      publicKeyFile: need("token-public-key"),
                  }
                : undefined,
        });
    } catch (e) {
        return fail((e as Error).message);
    }
})();
// It holds SECRET_KEY: readable by its owner only, and never half-written.
const out = need("out");
fs.writeFileSync(`${out}.new`, settings.file, { mode: 0o600 });
fs.renameSync(`${out}.new`, out);
const w = settings.workers;
process.stdout.write(`API_WORKERS=${w.api}\nCONTENT_WORKERS=${w.content}\nTASK_WORKERS=${w.tasks}\n`);
