import * as path from "path";
import { z } from "zod";
import { findSnapshot, Ledger } from "./ledger";
import { SNAPSHOT_ID } from "./snapshotId";
import { ValidationError, zodProblems } from "./problems";
import { readYaml, yamlFilesIn } from "./yamlFile";

/** What one client consumes: short_name → snapshot id. */
export interface ClientPins {
    readonly client: string;
    readonly file: string;
    readonly repositories: Record<string, string>;
}

const fileSchema = z
    .object({
        repositories: z
            .record(z.string(), z.string().regex(SNAPSHOT_ID, "must be a snapshot id YYYYMMDDTHHMMSS"))
            .default({}),
    })
    .strict();

/** Reads `pins/<client>.yaml` for every client. */
export function loadPins(dir: string): ClientPins[] {
    const problems: string[] = [];
    const out: ClientPins[] = [];
    for (const file of yamlFilesIn(dir)) {
        const client = path.basename(file).replace(/\.ya?ml$/, "");
        if (!/^[a-z0-9][a-z0-9-]*$/.test(client))
            problems.push(
                `${file}: the client name '${client}' (from the file name) must be lower-case letters, digits and '-'`,
            );
        const r = fileSchema.safeParse(readYaml(file) ?? {});
        if (!r.success) {
            problems.push(...zodProblems(r.error.issues, { at: file }));
            continue;
        }
        out.push({ client, file, repositories: r.data.repositories });
    }
    if (problems.length) throw new ValidationError(`invalid pins in ${dir}`, problems);
    return out;
}

/** Every pin must name a snapshot the ledger has: anything else would promote nothing, silently. */
export function pinProblems(pins: ClientPins[], ledger: Ledger): string[] {
    const problems: string[] = [];
    for (const p of pins) {
        for (const [short, id] of Object.entries(p.repositories)) {
            if (!findSnapshot(ledger, short, id)) {
                const known = (ledger[short] ?? []).map((e) => e.id);
                problems.push(
                    `client '${p.client}' (${p.file}) pins ${short} to ${id}, which is not in the ledger` +
                        (known.length
                            ? ` (known: ${known.slice(-3).join(", ")}${known.length > 3 ? ", …" : ""})`
                            : ` (no snapshots of ${short})`),
                );
            }
        }
    }
    return problems;
}

/** `short_name/id` of every snapshot some client pins: these get the release guard. */
export function pinnedSnapshots(pins: ClientPins[]): Set<string> {
    const s = new Set<string>();
    for (const p of pins) for (const [short, id] of Object.entries(p.repositories)) s.add(`${short}/${id}`);
    return s;
}
