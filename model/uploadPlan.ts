import * as path from "path";
import { CatalogueEntry } from "./catalogue";
import { ValidationError } from "./problems";

/** A file named on the command line, as the CLI found it on disk. */
export interface LocalFile {
    /** As the operator wrote it. */
    readonly path: string;
    readonly size: number;
    /** Why it cannot be uploaded (missing, a directory, unreadable, empty), if it cannot. */
    readonly problem?: string;
}

export interface PlannedFile {
    readonly path: string;
    readonly size: number;
    /** Where the file lands in the repository, and so under the snapshot's base path. */
    readonly relative_path: string;
}

export interface UploadPlan {
    readonly entry: CatalogueEntry;
    readonly files: PlannedFile[];
}

function prefixProblem(p: string): string | undefined {
    if (p.startsWith("/")) return "must not start with '/'";
    if (p.includes("//")) return "must not contain '//'";
    if (/\s|[?#]/.test(p)) return "must not contain whitespace, '?' or '#'";
    if (p.split("/").some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments";
    return undefined;
}

/**
 * What `release-train upload` will do, or every reason it cannot, each naming the option or file
 * and the fix: all checked before anything on Ark changes. Files go to a catalogue entry of type
 * file that is not synced (a sync mirrors upstream and would drop them), each at `<prefix><name>`.
 */
export function planUpload(
    catalogue: CatalogueEntry[],
    short: string,
    files: LocalFile[],
    prefix = "",
): UploadPlan {
    const problems: string[] = [];
    const targets = catalogue.filter((e) => e.type === "file" && !e.sync).map((e) => e.short_name);
    const choose = targets.length
        ? `use one of the file repositories that are not synced: ${targets.join(", ")}`
        : "add a catalogue entry with type: file and sync: false, and run pulumi up";
    const entry = catalogue.find((e) => e.short_name === short);
    if (!entry) problems.push(`--repository '${short}': no catalogue entry has this short_name: ${choose}`);
    else if (entry.type !== "file")
        problems.push(
            `--repository '${short}': ${entry.source} is of type ${entry.type}; upload adds files to a repository of type file: ${choose}`,
        );
    else if (entry.sync)
        problems.push(
            `--repository '${short}': ${entry.source} is synced from upstream (sync: true), and its next sync would drop uploaded files: ${choose}`,
        );
    const p = prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix;
    const bad = prefixProblem(p);
    if (bad) problems.push(`--prefix '${prefix}': ${bad}`);
    for (const f of files) if (f.problem) problems.push(`FILE '${f.path}': ${f.problem}`);
    const planned = files.map((f) => ({
        path: f.path,
        size: f.size,
        relative_path: p + path.basename(f.path),
    }));
    const byPath = new Map<string, PlannedFile[]>();
    for (const f of planned) byPath.set(f.relative_path, [...(byPath.get(f.relative_path) ?? []), f]);
    for (const [rel, same] of byPath) {
        if (same.length < 2) continue;
        const names = same.map((f) => `'${f.path}'`).join(", ");
        problems.push(
            same.every((f) => path.resolve(f.path) === path.resolve(same[0].path))
                ? `FILE ${names}: the same file is named ${same.length} times: name it once`
                : `FILE ${names}: all would be stored as '${rel}' (a file's name under --prefix): rename them, or upload them in separate runs with different --prefix`,
        );
    }
    if (problems.length) throw new ValidationError("nothing was uploaded", problems);
    return { entry: entry!, files: planned };
}
