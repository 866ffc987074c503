import fc from "fast-check";
import { planReclaim, RepositoryHoldings, Served } from "../../../model/reclaim";

const R = "/pulp/api/v3/repositories/rpm/rpm/r1/";
const v = (n: number) => `${R}versions/${n}/`;
const pub = (name: string, n: number) => ({
    href: `/pulp/api/v3/publications/rpm/rpm/${name}/`,
    repository_version: v(n),
});
const none: Served = { publications: new Set(), versions: new Set(), repositories: new Set() };
const holdings = (
    latest: number,
    pubs: { href: string; repository_version: string }[],
): RepositoryHoldings => ({
    href: R,
    versions: Array.from({ length: latest + 1 }, (_, n) => ({ href: v(n), number: n })),
    publications: pubs,
});

test("after prune and up: old versions and every unserved publication go, the snapshots' stay", () => {
    // Versions 1..3 were snapshots, each with a managed publication (m*) and an rpm mirror-sync one (a*);
    // 1 and 2 were pruned and pulumi up deleted their managed publications and distributions.
    const repo = holdings(3, [pub("a1", 1), pub("a2", 2), pub("a3", 3), pub("m3", 3)]);
    const served: Served = { ...none, publications: new Set([pub("m3", 3).href]) };
    const plan = planReclaim("rpms", repo, [3], served);
    expect(plan.publications.map((p) => [p.href.split("/").at(-2), p.version])).toEqual([
        ["a1", 1],
        ["a2", 2],
        ["a3", 3],
    ]);
    expect(plan.publications[2].why).toMatch(/second publication/);
    expect(plan.versions.map((x) => x.number)).toEqual([1, 2]);
    expect(plan.notes).toEqual([]);
});

test("what a distribution serves stays, and the operator is told why", () => {
    const repo = holdings(3, [pub("a1", 1), pub("m3", 3)]);
    const served: Served = {
        ...none,
        publications: new Set([pub("a1", 1).href, pub("m3", 3).href]),
        versions: new Set([v(2)]),
    };
    const plan = planReclaim("rpms", repo, [3], served);
    expect(plan.publications).toEqual([]);
    expect(plan.versions).toEqual([]);
    expect(plan.notes).toEqual([
        "rpms: version 1 is in no ledger entry but a distribution still serves it: kept (after a prune, run pulumi up first)",
        "rpms: version 2 is in no ledger entry but a distribution still serves it: kept (after a prune, run pulumi up first)",
    ]);
});

test("a snapshot not yet published by pulumi up keeps its publications", () => {
    const plan = planReclaim("rpms", holdings(2, [pub("a2", 2)]), [1, 2], none);
    expect(plan.publications).toEqual([]);
    expect(plan.notes).toEqual([
        "rpms: snapshot version 2 has no distribution yet: its publications are kept (run pulumi up, then reclaim again)",
    ]);
});

test("a distribution of the whole repository keeps its newest publication", () => {
    const plan = planReclaim("rpms", holdings(3, [pub("a1", 1), pub("a2", 2)]), [], {
        ...none,
        repositories: new Set([R]),
    });
    expect(plan.publications.map((p) => p.version)).toEqual([1]);
    expect(plan.versions.map((x) => x.number)).toEqual([1]);
});

test("never a ledger version, a served one, the latest or version 0; never a served publication", () => {
    fc.assert(
        fc.property(
            fc.integer({ min: 0, max: 12 }),
            fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { maxLength: 20 }),
            fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 6 }),
            fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }),
            (latest, pubSpec, ledger, direct) => {
                const pubs = pubSpec.filter(([n]) => n <= latest).map(([n], i) => pub(`p${i}`, n));
                const servedPubs = pubSpec
                    .filter(([n, s]) => n <= latest && s)
                    .map(([n], i) => pub(`p${i}`, n).href);
                const served: Served = {
                    ...none,
                    publications: new Set(servedPubs),
                    versions: new Set(direct.map(v)),
                };
                const plan = planReclaim("x", holdings(latest, pubs), ledger, served);
                const gone = new Set(plan.versions.map((x) => x.number));
                for (const n of [0, latest, ...ledger, ...direct]) expect(gone.has(n)).toBe(false);
                for (const p of plan.publications) expect(served.publications.has(p.href)).toBe(false);
                for (const p of pubs)
                    if (served.publications.has(p.href))
                        expect(gone.has(Number(p.repository_version.split("/").at(-2)))).toBe(false);
            },
        ),
    );
});
