import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { z } from "zod";
import { CatalogueEntry } from "./catalogue";
import { SNAPSHOT_ID } from "./snapshotId";
import { ValidationError, zodProblems } from "./problems";
import { readYaml } from "./yamlFile";

/** One snapshot of one repository: its id, the repository version it is, and a content digest. */
export interface LedgerEntry {
    readonly id: string;
    readonly version: number;
    readonly digest: string;
}

/** short_name → snapshots, oldest first. The committed record of every snapshot on Ark. */
export type Ledger = Record<string, LedgerEntry[]>;

const entrySchema = z
    .object({
        id: z.string().regex(SNAPSHOT_ID, "must be YYYYMMDDTHHMMSS"),
        version: z.number().int().min(0),
        digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, "must be sha256:<64 hex digits>"),
    })
    .strict();
const fileSchema = z
    .object({ snapshots: z.record(z.string(), z.array(z.unknown())).nullable().default({}) })
    .strict();

const HEADER =
    "# Snapshot ledger: written by `release-train sync` and `upload`, reviewed in pull requests.\n";

export function loadLedger(file: string): Ledger {
    if (!fs.existsSync(file)) return {};
    const doc = fileSchema.safeParse(readYaml(file) ?? {});
    if (!doc.success)
        throw new ValidationError(`invalid ledger ${file}`, ["must be a mapping with a 'snapshots' map"]);
    const problems: string[] = [];
    const ledger: Ledger = {};
    for (const [short, list] of Object.entries(doc.data.snapshots ?? {})) {
        ledger[short] = [];
        list.forEach((raw, i) => {
            const r = entrySchema.safeParse(raw);
            if (r.success) ledger[short].push(r.data);
            else problems.push(...zodProblems(r.error.issues, { at: `${file}: ${short} #${i + 1}` }));
        });
    }
    if (problems.length) throw new ValidationError(`invalid ledger ${file}`, problems);
    return ledger;
}

/** Ids unique and increasing with the version, every short_name in the catalogue. */
export function ledgerProblems(ledger: Ledger, catalogue: CatalogueEntry[], file = "ledger"): string[] {
    const known = new Set(catalogue.map((e) => e.short_name));
    const problems: string[] = [];
    for (const [short, list] of Object.entries(ledger)) {
        if (!known.has(short))
            problems.push(`${file}: ${short}: not in the catalogue (add it there, or remove its snapshots)`);
        for (let i = 1; i < list.length; i++) {
            const [a, b] = [list[i - 1], list[i]];
            if (a.id >= b.id)
                problems.push(
                    `${file}: ${short}: snapshot ${b.id} is listed after ${a.id}: keep ids unique and in order`,
                );
            if (a.version >= b.version) {
                problems.push(
                    `${file}: ${short}: snapshot ${b.id} is version ${b.version}, not after ${a.id}'s version ${a.version}`,
                );
            }
        }
    }
    return problems;
}

export function saveLedger(file: string, ledger: Ledger): void {
    const sorted: Record<string, LedgerEntry[]> = {};
    for (const short of Object.keys(ledger).sort()) {
        sorted[short] = [...ledger[short]]
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((e) => ({ id: e.id, version: e.version, digest: e.digest }));
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, HEADER + YAML.stringify({ snapshots: sorted }, { lineWidth: 0 }));
    fs.renameSync(tmp, file); // atomic: a crash never leaves half a ledger
}

/** The ledger with one more snapshot; the same ledger when that version is already recorded. */
export function recordSnapshot(ledger: Ledger, short: string, entry: LedgerEntry): Ledger {
    const list = ledger[short] ?? [];
    if (list.some((e) => e.version === entry.version)) return ledger;
    const next = [...list, entry].sort((a, b) => a.version - b.version);
    return { ...ledger, [short]: next };
}

export function latest(ledger: Ledger, short: string): LedgerEntry | undefined {
    const list = ledger[short] ?? [];
    return list[list.length - 1];
}

export function findSnapshot(ledger: Ledger, short: string, id: string): LedgerEntry | undefined {
    return (ledger[short] ?? []).find((e) => e.id === id);
}
