import { PulpClient } from "../components/pulp/client/http";

export interface OrphanCleanup {
    readonly content: number;
    readonly artifacts: number;
    /** Bytes of the artifacts the cleanup removed: the space given back. */
    readonly bytes: number;
}

type Artifact = { pulp_href: string; size: number };
type ContentUnit = { pulp_href: string; artifact?: string | null; artifacts?: Record<string, string> };
type Report = { code: string; done?: number | null };

const BATCH = 40; // hrefs per `pulp_href__in` query, to keep URLs short

function batches<T>(xs: T[]): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += BATCH) out.push(xs.slice(i, i + BATCH));
    return out;
}

/** `/pulp/api/v3/content/rpm/packages/<id>/` → its list endpoint. */
const listOf = (href: string) => href.replace(/[^/]+\/$/, "");

/**
 * Runs Pulp's orphan cleanup and measures it: the artifacts it can remove are those already
 * orphaned plus those of orphaned content; the space given back is the size of those that are
 * gone afterwards. `protectionMinutes` undefined keeps the server's ORPHAN_PROTECTION_TIME.
 */
export async function cleanupOrphans(client: PulpClient, protectionMinutes?: number): Promise<OrphanCleanup> {
    const orphanedFor = protectionMinutes ?? -1; // -1: the server's setting, as the cleanup uses
    const content = await client.list<{ pulp_href: string }>("content/", {
        orphaned_for: orphanedFor,
        fields: ["pulp_href"],
    });
    const candidates = new Map<string, number>();
    for (const a of await client.list<Artifact>("artifacts/", {
        orphaned_for: orphanedFor,
        fields: ["pulp_href", "size"],
    }))
        candidates.set(a.pulp_href, a.size);
    const byEndpoint = new Map<string, string[]>();
    for (const c of content)
        byEndpoint.set(listOf(c.pulp_href), [...(byEndpoint.get(listOf(c.pulp_href)) ?? []), c.pulp_href]);
    const theirs: string[] = [];
    for (const [endpoint, hrefs] of byEndpoint)
        for (const batch of batches(hrefs))
            for (const u of await client.list<ContentUnit>(endpoint, { pulp_href__in: batch }))
                theirs.push(...(u.artifact ? [u.artifact] : []), ...Object.values(u.artifacts ?? {}));
    for (const batch of batches([...new Set(theirs)].filter((h) => !candidates.has(h))))
        for (const a of await client.list<Artifact>("artifacts/", {
            pulp_href__in: batch,
            fields: ["pulp_href", "size"],
        }))
            candidates.set(a.pulp_href, a.size);

    const body = protectionMinutes === undefined ? {} : { orphan_protection_time: protectionMinutes };
    const { task } = await client.write("POST", "orphans/cleanup/", body, "orphan cleanup");
    const reports = task
        ? ((await client.get<{ progress_reports?: Report[] }>(task.pulp_href)).progress_reports ?? [])
        : [];
    const done = (code: string) => reports.find((r) => r.code === code)?.done ?? 0;

    const left = new Set<string>();
    for (const batch of batches([...candidates.keys()]))
        for (const a of await client.list<Artifact>("artifacts/", {
            pulp_href__in: batch,
            fields: ["pulp_href"],
        }))
            left.add(a.pulp_href);
    let bytes = 0;
    for (const [href, size] of candidates) if (!left.has(href)) bytes += size;
    return { content: done("clean-up.content"), artifacts: done("clean-up.artifacts"), bytes };
}
