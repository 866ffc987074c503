import * as path from "path";
import { z } from "zod";
import { ContainerTags, containerTagsSchema } from "./containerTags";
import { findSnapshot, Ledger } from "./ledger";
import { SNAPSHOT_ID } from "./snapshotId";
import { ValidationError, zodProblems } from "./problems";
import { readYaml, yamlFilesIn } from "./yamlFile";

/** What one client consumes: short_name → snapshot id. */
export interface ClientPins {
    readonly client: string;
    readonly file: string;
    /** The release: what the site's mirror syncs and its `development` distributions serve. */
    readonly repositories: Record<string, string>;
    /**
     * What the site's `production` distributions serve: moved by the site, when it promotes, so
     * hosts on production never see a release land underneath them. Released on Ark like the rest.
     */
    readonly production: Record<string, string>;
    /** Image tags this client pulls (model/containerPins.ts); absent: no images. */
    readonly containers?: ContainerTags;
}

const snapshotMap = z
    .record(z.string(), z.string().regex(SNAPSHOT_ID, "must be a snapshot id YYYYMMDDTHHMMSS"))
    .default({});
const fileSchema = z
    .object({ repositories: snapshotMap, production: snapshotMap, containers: containerTagsSchema })
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
        const { repositories, production, containers } = r.data;
        out.push({ client, file, repositories, production, containers });
    }
    if (problems.length) throw new ValidationError(`invalid pins in ${dir}`, problems);
    return out;
}

/** Every pin must name a snapshot the ledger has: anything else would promote nothing, silently. */
export function pinProblems(pins: ClientPins[], ledger: Ledger): string[] {
    const problems: string[] = [];
    for (const p of pins) {
        for (const [short, id, what] of everyPin(p)) {
            if (!findSnapshot(ledger, short, id)) {
                const known = (ledger[short] ?? []).map((e) => e.id);
                problems.push(
                    `client '${p.client}' (${p.file}) pins ${what}${short} to ${id}, which is not in the ledger` +
                        (known.length
                            ? ` (known: ${known.slice(-3).join(", ")}${known.length > 3 ? ", …" : ""})`
                            : ` (no snapshots of ${short})`),
                );
            }
        }
    }
    return problems;
}

/** [short_name, id, "" | "production "] of every pin of one client. */
function everyPin(p: ClientPins): [string, string, string][] {
    return [
        ...Object.entries(p.repositories).map(([s, id]): [string, string, string] => [s, id, ""]),
        ...Object.entries(p.production ?? {}).map(([s, id]): [string, string, string] => [
            s,
            id,
            "production ",
        ]),
    ];
}

/** `short_name/id` of every snapshot some client pins (release or production): these get the release guard. */
export function pinnedSnapshots(pins: ClientPins[]): Set<string> {
    const s = new Set<string>();
    for (const p of pins) for (const [short, id] of everyPin(p)) s.add(`${short}/${id}`);
    return s;
}
