/**
 * What `snapshots reclaim` may delete from one Ark repository: pure rules over what Pulp has,
 * what distributions serve and what the ledger keeps, so they can be checked without a server.
 */
export interface RepositoryHoldings {
    readonly href: string;
    readonly versions: readonly { href: string; number: number }[];
    readonly publications: readonly { href: string; repository_version: string }[];
}

/** What every distribution on the server serves, by href. */
export interface Served {
    readonly publications: ReadonlySet<string>;
    readonly versions: ReadonlySet<string>;
    /** Repositories a distribution serves as a whole (their newest publication). */
    readonly repositories: ReadonlySet<string>;
}

export interface ReclaimPlan {
    readonly publications: { href: string; version: number; why: string }[];
    readonly versions: { href: string; number: number }[];
    /** What was kept although the ledger does not need it, and why: for the operator to act on. */
    readonly notes: string[];
}

export function versionNumber(href: string): number {
    const m = href.match(/\/versions\/(\d+)\/$/);
    if (!m) throw new Error(`not a repository version href: ${href}`);
    return Number(m[1]);
}

/**
 * Never deleted: a ledger entry's version, whatever a distribution serves (directly, through a
 * publication, or as its repository's newest publication), the latest version (the next sync
 * builds on it) and version 0 (empty, it frees nothing). Everything else goes, and so do
 * publications nothing serves: those of deleted versions, and a second publication of a kept
 * version whose served one exists (rpm mirror syncs publish every new version themselves).
 */
export function planReclaim(
    name: string,
    repo: RepositoryHoldings,
    ledgerVersions: readonly number[],
    served: Served,
): ReclaimPlan {
    const inLedger = new Set(ledgerVersions);
    const latest = Math.max(0, ...repo.versions.map((v) => v.number));
    const pubsOf = new Map<number, { href: string; served: boolean }[]>();
    for (const p of repo.publications) {
        const n = versionNumber(p.repository_version);
        pubsOf.set(n, [...(pubsOf.get(n) ?? []), { href: p.href, served: served.publications.has(p.href) }]);
    }
    // A distribution of the whole repository serves the newest published version.
    const wholeRepo = served.repositories.has(repo.href) ? Math.max(-1, ...pubsOf.keys()) : -1;
    const isServed = (v: { href: string; number: number }) =>
        served.versions.has(v.href) ||
        v.number === wholeRepo ||
        (pubsOf.get(v.number) ?? []).some((p) => p.served);
    const plan: ReclaimPlan = { publications: [], versions: [], notes: [] };
    const keep = new Set<number>();
    for (const v of repo.versions) {
        if (v.number === 0 || v.number === latest || inLedger.has(v.number) || isServed(v))
            keep.add(v.number);
        else plan.versions.push({ href: v.href, number: v.number });
        if (!inLedger.has(v.number) && isServed(v) && v.number !== latest)
            plan.notes.push(
                `${name}: version ${v.number} is in no ledger entry but a distribution still serves it: kept (after a prune, run pulumi up first)`,
            );
    }
    for (const [n, pubs] of pubsOf) {
        const anyServed = pubs.some((p) => p.served);
        for (const p of pubs) {
            if (p.served || n === wholeRepo) continue;
            if (!keep.has(n)) plan.publications.push({ href: p.href, version: n, why: "its version goes" });
            else if (anyServed)
                plan.publications.push({
                    href: p.href,
                    version: n,
                    why: "a second publication of a version whose snapshot publication is served",
                });
        }
        if (inLedger.has(n) && !anyServed && n !== wholeRepo)
            plan.notes.push(
                `${name}: snapshot version ${n} has no distribution yet: its publications are kept (run pulumi up, then reclaim again)`,
            );
    }
    plan.publications.sort((a, b) => a.version - b.version);
    plan.versions.sort((a, b) => a.number - b.number);
    return plan;
}
