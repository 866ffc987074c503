import * as fs from "fs";
import { PulpClient } from "../components/pulp/client/http";
import { endpointFor } from "../components/pulp/providers/plugins";
import { LedgerEntry } from "../model/ledger";
import { LocalFile, UploadPlan } from "../model/uploadPlan";
import { contentAt, contentFor, FileResult, HashedFile, mib, sha256Of } from "./fileUpload";
import { newSnapshotEntry } from "./snapshotEntry";
import { waitProgress } from "./sync";
import { textTable } from "./table";

export interface UploadOptions {
    readonly chunkBytes: number;
    /** Progress per file (or, with file undefined, for the repository). */
    readonly progress?: (file: string | undefined, what: string) => void;
    /** Called with the new ledger entry as soon as it exists. */
    readonly recorded?: (entry: LedgerEntry) => void | Promise<void>;
}

export interface UploadedFile extends HashedFile {
    readonly result: FileResult;
    /** The sha256 of the file this one replaces at the same relative path, if any. */
    readonly replaces?: string;
}

export interface UploadOutcome {
    readonly files: UploadedFile[];
    readonly entry?: LedgerEntry;
}

/** A path from the command line as found on disk: readable regular file, or why not. */
export function inspectFile(p: string): LocalFile {
    let st: fs.Stats;
    try {
        st = fs.statSync(p);
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return {
            path: p,
            size: 0,
            problem:
                code === "ENOENT"
                    ? "does not exist: check the path"
                    : `cannot be read (${code}): check the path and its permissions`,
        };
    }
    if (st.isDirectory()) return { path: p, size: 0, problem: "is a directory: name the files in it" };
    if (!st.isFile()) return { path: p, size: 0, problem: "is not a regular file: name a file" };
    try {
        fs.closeSync(fs.openSync(p, "r"));
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return { path: p, size: st.size, problem: `cannot be read (${code}): check its permissions` };
    }
    if (st.size === 0)
        return {
            path: p,
            size: 0,
            problem: "is empty: an empty image is a failed build; upload the built file",
        };
    return { path: p, size: st.size };
}

/**
 * Adds the plan's files to its repository on Ark as one new repository version and answers it as
 * a ledger entry (same id rule and digest as a sync). Files whose exact bytes already sit at the
 * same path in the latest version change nothing; when all do, Pulp makes no version and there is
 * no entry (unless the ledger lacks the latest version, which is then recorded, as a sync does).
 */
export async function uploadFiles(
    client: PulpClient,
    plan: UploadPlan,
    recorded: readonly LedgerEntry[],
    o: UploadOptions,
): Promise<UploadOutcome> {
    const say = o.progress ?? (() => undefined);
    // Credentials and the repository first: a typo costs one request, not the hashing of an image.
    await client.authenticate();
    const repo = await client.findOne<{ pulp_href: string; latest_version_href: string }>(
        endpointFor("repositories", "file"),
        { name: plan.entry.name },
    );
    if (!repo) throw new Error(`file repository '${plan.entry.name}' is not on Ark: run pulumi up first`);
    const files: HashedFile[] = [];
    for (const f of plan.files) {
        say(f.relative_path, `sha256 of ${f.path} (${mib(f.size)})`);
        files.push({ ...f, sha256: await sha256Of(f.path) });
    }
    const unwatch = client.onWait(waitProgress(say, (label) => label));
    try {
        const done: UploadedFile[] = [];
        const add: string[] = [];
        for (const f of files) {
            const now = await contentAt(client, repo.latest_version_href, f.relative_path);
            if (now?.sha256 === f.sha256) {
                say(f.relative_path, "unchanged: these bytes are already in the repository at this path");
                done.push({ ...f, result: "unchanged" });
                continue;
            }
            say(f.relative_path, now ? `replaces sha256 ${now.sha256.slice(0, 12)}…` : "new");
            const c = await contentFor(client, f, o.chunkBytes, (what) => say(f.relative_path, what));
            if (c.result === "reused")
                say(f.relative_path, "Ark already has these bytes at this path: nothing sent");
            add.push(c.href);
            done.push({ ...f, result: c.result, replaces: now?.sha256 });
        }
        if (add.length)
            await client.write(
                "POST",
                `${repo.pulp_href}modify/`,
                { add_content_units: add },
                `adding ${add.length} file(s) to ${plan.entry.short_name}`,
            );
        const entry = await newSnapshotEntry(client, repo.pulp_href, recorded);
        if (entry) await o.recorded?.(entry);
        return { files: done, entry };
    } finally {
        unwatch();
    }
}

export function uploadTable(files: UploadedFile[]): string {
    const rows = files.map((f) => [
        f.relative_path,
        f.result + (f.replaces ? ` (replaces ${f.replaces.slice(0, 12)}…)` : ""),
        mib(f.size),
        f.sha256,
    ]);
    return textTable(["relative_path", "result", "size", "sha256"], rows);
}
