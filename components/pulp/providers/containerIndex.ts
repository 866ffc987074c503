import { PulpClient } from "../client/http";

/**
 * Every container distribution's base path → what it serves, and every container repository's
 * latest version, read in a few list requests and kept for a few seconds. The engine calls `check`
 * one resource at a time, so per-image look-ups there cost the whole preview a round trip each;
 * with this index a check costs one round trip (the two tag reads, side by side). Only checks use
 * it: what a promotion copies is read afresh.
 */
const TTL_MS = 10_000;
type Index = { at: number; served: Map<string, string | undefined>; latest: Map<string, string | undefined> };
const indexes = new WeakMap<PulpClient, Promise<Index>>();

async function build(c: PulpClient): Promise<Index> {
    const [dists, repos] = await Promise.all([
        c.list<{ base_path: string; repository?: string | null; repository_version?: string | null }>(
            "distributions/container/container/",
            { fields: ["base_path", "repository", "repository_version"] },
        ),
        c.list<{ pulp_href: string; latest_version_href: string | null }>(
            "repositories/container/container/",
            {
                fields: ["pulp_href", "latest_version_href"],
            },
        ),
    ]);
    const latest = new Map(repos.map((r) => [r.pulp_href, r.latest_version_href ?? undefined]));
    const served = new Map(
        dists.map((d) => [
            d.base_path,
            d.repository_version ?? (d.repository ? latest.get(d.repository) : undefined),
        ]),
    );
    return { at: Date.now(), served, latest };
}

export async function containerIndex(c: PulpClient): Promise<Index> {
    let p = indexes.get(c);
    if (p) {
        const i = await p.catch(() => undefined);
        if (i && Date.now() - i.at < TTL_MS) return i;
    }
    indexes.set(c, (p = build(c)));
    return p;
}
