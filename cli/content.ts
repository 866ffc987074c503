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
};

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
    for (const [type, { href }] of Object.entries(v.content_summary.present)) {
        const fields = IDENTITY[type];
        const items = await client.list<Record<string, unknown>>(href, fields ? { fields } : {});
        for (const item of items) {
            const own = fields ? pick(item, fields) : portable(item);
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

function pick(o: Record<string, unknown>, keys: string[]) {
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
