import * as path from "path";
import { z } from "zod";
import { DEB_MODES, debFieldProblems } from "./debSource";
import { ValidationError, zodProblems } from "./problems";
import { registryPathProblem } from "./registryName";
import { readYaml, yamlFilesIn } from "./yamlFile";

/**
 * The container catalogue lives beside the package catalogue as one file of its own kind
 * (model/containerCatalogue.ts); the package loader skips it by this name.
 */
export const CONTAINER_CATALOGUE_FILE = "containers.yaml";

// One upstream source. Field names follow the real-world catalogue so entries can be copied over.
const entrySchema = z
    .object({
        name: z.string().min(1),
        short_name: z
            .string()
            .regex(/^[a-z0-9_]+$/, "must be lower-case letters, digits and '_' (it names Kayobe variables)"),
        type: z.enum(["rpm", "deb", "file", "container"]),
        url: z
            .string()
            .regex(/^(https?|file):\/\//, "must be an http(s):// URL")
            .optional(),
        base_path: z.string(),
        distribution_name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]*-$/, "must be a name prefix ending in '-'")
            .optional(),
        sync_group: z
            .string()
            .regex(/^[a-z0-9_]+$/, "must be lower-case letters, digits and '_'")
            .optional(),
        policy: z.enum(["immediate", "on_demand", "streamed"]).optional(),
        sync_policy: z.enum(["additive", "mirror_complete", "mirror_content_only"]).optional(),
        mirror: z.boolean().optional(),
        sync: z.boolean().default(true),
        publish: z.boolean().default(true),
        distributions: z.string().optional(),
        components: z.string().optional(),
        architectures: z.string().optional(),
        sync_sources: z.boolean().optional(),
        sync_udebs: z.boolean().optional(),
        gpgkey: z.string().optional(),
        mode: z.enum(DEB_MODES).optional(),
        upstream_name: z.string().optional(),
        description: z.string().optional(),
    })
    .strict();

export type CatalogueEntry = z.infer<typeof entrySchema> & { distribution_name: string; source: string };
const fileSchema = z.object({ repositories: z.array(z.unknown()) }).strict();

/** The base path rules snapshots rely on: `<base_path><id>` must be a valid Pulp base path. */
export function basePathProblem(p: string): string | undefined {
    if (!p.endsWith("/")) return "must end with '/' (snapshots are <base_path><YYYYMMDDTHHMMSS>)";
    if (p.startsWith("/")) return "must not start with '/'";
    if (p.includes("//")) return "must not contain '//'";
    if (/\s|[?#]/.test(p)) return "must not contain whitespace, '?' or '#'";
    if (p.split("/").some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments";
    return undefined;
}

/**
 * Loads every YAML file of a catalogue directory (except the container catalogue, a file kind of
 * its own) and validates the whole catalogue.
 */
export function loadCatalogue(dir: string): CatalogueEntry[] {
    const problems: string[] = [];
    const entries: CatalogueEntry[] = [];
    for (const file of yamlFilesIn(dir).filter((f) => path.basename(f) !== CONTAINER_CATALOGUE_FILE)) {
        const doc = fileSchema.safeParse(readYaml(file));
        if (!doc.success) {
            problems.push(`${file}: must be a mapping with a 'repositories' list`);
            continue;
        }
        doc.data.repositories.forEach((raw, i) => {
            const label = `${file}: entry #${i + 1}${(raw as { short_name?: string })?.short_name ? ` '${(raw as { short_name: string }).short_name}'` : ""}`;
            const r = entrySchema.safeParse(raw);
            if (!r.success) {
                problems.push(...zodProblems(r.error.issues, { at: label }));
                return;
            }
            const e = r.data;
            entries.push({
                ...e,
                distribution_name: e.distribution_name ?? `${e.short_name.replace(/_/g, "-")}-`,
                source: label,
            });
        });
    }
    problems.push(...catalogueProblems(entries));
    if (problems.length) throw new ValidationError(`invalid catalogue ${dir}`, problems);
    return entries;
}

const DEB_ONLY = [
    "distributions",
    "components",
    "architectures",
    "sync_sources",
    "sync_udebs",
    "gpgkey",
    "mode",
] as const;

/** Rules across entries and between fields, each naming the entry, the field and the fix. */
export function catalogueProblems(entries: CatalogueEntry[]): string[] {
    const problems: string[] = [];
    for (const key of ["name", "short_name", "base_path", "distribution_name"] as const) {
        const seen = new Map<string, string>();
        for (const e of entries) {
            const prev = seen.get(e[key]);
            if (prev)
                problems.push(`${e.source}: ${key} '${e[key]}' is already used by ${prev}: make it unique`);
            else seen.set(e[key], e.source);
        }
    }
    for (const e of entries) {
        const bp = basePathProblem(e.base_path);
        if (bp) problems.push(`${e.source}: base_path '${e.base_path}' ${bp}`);
        const rp = e.type === "container" ? registryPathProblem(e.base_path.replace(/\/$/, "")) : undefined;
        if (!bp && rp) problems.push(`${e.source}: base_path '${e.base_path}' ${rp}`);
        if (e.sync) {
            if (!e.url) problems.push(`${e.source}: url is required when sync is true (or set sync: false)`);
            if (!e.sync_group)
                problems.push(
                    `${e.source}: sync_group is required when sync is true (it picks the nightly job)`,
                );
            if (e.type === "deb" && !e.distributions)
                problems.push(
                    `${e.source}: distributions is required for synced deb entries, e.g. 'noble noble-updates'`,
                );
            if (e.type === "container" && !e.upstream_name)
                problems.push(`${e.source}: upstream_name is required for synced container entries`);
        }
        if (e.sync_policy && e.type !== "rpm")
            problems.push(
                `${e.source}: sync_policy applies to rpm entries only${e.type === "deb" ? " (deb: mirror: false syncs additively)" : ""}`,
            );
        if (e.mirror !== undefined && e.type !== "deb")
            problems.push(`${e.source}: mirror applies to deb entries only (rpm: sync_policy)`);
        for (const k of DEB_ONLY) {
            if (e[k] !== undefined && e.type !== "deb")
                problems.push(`${e.source}: ${k} applies to deb entries only`);
        }
        if (e.type === "deb") problems.push(...debFieldProblems(e).map((p) => `${e.source}: ${p}`));
    }
    // A base path that prefixes another makes their snapshot paths ambiguous to read and to guard.
    const sorted = [...entries].sort((a, b) => a.base_path.localeCompare(b.base_path));
    for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length && sorted[j].base_path.startsWith(sorted[i].base_path); j++) {
            problems.push(
                `${sorted[j].source}: base_path '${sorted[j].base_path}' lies under '${sorted[i].base_path}' of ${sorted[i].source}: move one of them`,
            );
        }
    }
    return problems;
}

export interface CatalogueFilter {
    /** Whitespace-separated regexes on short_name; an entry matches if any matches. */
    readonly filter?: string;
    /** Exact sync_group. */
    readonly group?: string;
}

export function filterCatalogue(entries: CatalogueEntry[], f: CatalogueFilter): CatalogueEntry[] {
    const res = (f.filter ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((r) => {
            try {
                return new RegExp(r);
            } catch (e) {
                throw new Error(
                    `--filter: '${r}' is not a valid regular expression (${(e as Error).message})`,
                );
            }
        });
    return entries.filter(
        (e) =>
            (res.length === 0 || res.some((r) => r.test(e.short_name))) &&
            (f.group === undefined || e.sync_group === f.group),
    );
}
