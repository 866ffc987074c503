import * as crypto from "crypto";
import { PulpClient } from "../components/pulp/client/http";

/**
 * What identifies a content unit regardless of which Pulp holds it. Known types use a few fields
 * (and ask Pulp for only those); others fall back to the unit minus instance-specific fields.
 */
export const IDENTITY: Record<string, string[]> = {
    "rpm.package": ["name", "epoch", "version", "release", "arch", "pkgId", "location_href"],
    "file.file": ["relative_path", "sha256"],
    "deb.package": ["package", "version", "architecture", "sha256", "relative_path"],
    "deb.installer_package": ["package", "version", "architecture", "sha256", "relative_path"],
    "deb.source_package": ["source", "version", "sha256", "relative_path"],
    "deb.generic": ["relative_path", "sha256"],
    // Metadata: named fields only, so a Pulp upgrade that adds a field does not change every digest.
    "deb.release": ["distribution", "codename", "suite", "version", "origin", "label", "description"],
    "deb.release_file": ["distribution", "codename", "suite", "relative_path"],
    "deb.release_architecture": ["distribution", "architecture"],
    "deb.release_component": ["distribution", "component"],
    "deb.package_index": ["relative_path", "component", "architecture"],
    "deb.installer_file_index": ["relative_path", "component", "architecture"],
    "deb.source_index": ["relative_path", "component"],
    "deb.package_release_component": ["package", "release_component"],
    "deb.source_package_release_component": ["source_package", "release_component"],
};

/**
 * Fields that point at other units of the same version (which package is in which component of
 * which distribution): replaced by the identity of the unit they point at, which any Pulp shares.
 */
const REFERENCES: Record<string, Record<string, string>> = {
    "deb.package_release_component": { package: "deb.package", release_component: "deb.release_component" },
    "deb.source_package_release_component": {
        source_package: "deb.source_package",
        release_component: "deb.release_component",
    },
};

const TARGETS = new Set(Object.values(REFERENCES).flatMap((r) => Object.values(r)));

export interface Unit {
    readonly type: string;
    /** Stable identity text, e.g. JSON of the identity fields. */
    readonly identity: string;
    readonly fields: Record<string, unknown>;
}

type VersionSummary = {
    number: number;
    pulp_created: string;
    content_summary: { present: Record<string, { href: string }> };
};

export async function versionInfo(client: PulpClient, versionHref: string): Promise<VersionSummary> {
    return client.get<VersionSummary>(versionHref);
}

/** Every content unit of a repository version, by type. */
export async function versionContent(client: PulpClient, versionHref: string): Promise<Unit[]> {
    const v = await versionInfo(client, versionHref);
    const units: Unit[] = [];
    const byHref = new Map<string, Record<string, unknown>>();
    // Referring types last: what they point at is known by then.
    const types = Object.entries(v.content_summary.present).sort(
        ([a], [b]) => Number(a in REFERENCES) - Number(b in REFERENCES),
    );
    for (const [type, { href }] of types) {
        const fields = IDENTITY[type];
        const items = await client.list<Record<string, unknown>>(
            href,
            fields ? { fields: [...fields, "pulp_href"] } : {},
        );
        for (const item of items) {
            const own = fields ? pick(item, fields) : portable(item);
            for (const [k, target] of Object.entries(REFERENCES[type] ?? {})) {
                const to = byHref.get(String(own[k]));
                if (!to)
                    throw new Error(
                        `${type} refers to ${own[k]}, which is not a ${target} of ${versionHref}`,
                    );
                own[k] = to;
            }
            if (TARGETS.has(type) && typeof item.pulp_href === "string") byHref.set(item.pulp_href, own);
            units.push({ type, identity: stable(own), fields: own });
        }
    }
    return units;
}

/** sha256 over the sorted identities of a version's content: equal iff the content is. */
export function contentDigest(units: Unit[]): string {
    const lines = units.map((u) => `${u.type} ${u.identity}`).sort();
    return `sha256:${crypto.createHash("sha256").update(lines.join("\n")).digest("hex")}`;
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
    return Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));
}

function portable(o: Record<string, unknown>) {
    return Object.fromEntries(
        Object.entries(o).filter(
            ([k, v]) =>
                !k.startsWith("pulp_") &&
                !["prn", "artifact", "artifacts", "vuln_report"].includes(k) &&
                !(typeof v === "string" && v.startsWith("/pulp/")),
        ),
    );
}

function stable(o: Record<string, unknown>): string {
    return JSON.stringify(
        Object.keys(o)
            .sort()
            .map((k) => [k, o[k]]),
    );
}
