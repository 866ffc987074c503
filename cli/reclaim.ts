import pLimit from "p-limit";
import { PulpClient } from "../components/pulp/client/http";
import { endpointFor, PLUGINS } from "../components/pulp/providers/plugins";
import { CatalogueEntry } from "../model/catalogue";
import { Ledger } from "../model/ledger";
import { planReclaim, ReclaimPlan, Served } from "../model/reclaim";
import { refuseOrphanRisk } from "./orphanRisk";
import { cleanupOrphans, OrphanCleanup } from "./orphans";

export interface ReclaimOptions {
    readonly dryRun: boolean;
    /** Minutes an orphan must have been orphaned for; undefined: the server's setting. */
    readonly protectionMinutes?: number;
    readonly say: (line: string) => void;
}

export interface ReclaimResult {
    readonly publications: number;
    readonly versions: number;
    readonly orphans?: OrphanCleanup;
}

type Dist = {
    pulp_href: string;
    publication?: string | null;
    repository?: string | null;
    repository_version?: string | null;
};

/** What every distribution of every plugin serves: none of it is ever deleted. */
async function servedByDistributions(client: PulpClient): Promise<Served> {
    const served = {
        publications: new Set<string>(),
        versions: new Set<string>(),
        repositories: new Set<string>(),
    };
    for (const plugin of PLUGINS) {
        for (const d of await client.list<Dist>(endpointFor("distributions", plugin))) {
            if (d.publication) served.publications.add(d.publication);
            if (d.repository_version) served.versions.add(d.repository_version);
            if (d.repository) served.repositories.add(d.repository);
        }
    }
    return served;
}

async function planFor(client: PulpClient, e: CatalogueEntry, ledger: Ledger, served: Served) {
    const repo = await client.findOne<{ pulp_href: string }>(endpointFor("repositories", e.type), {
        name: e.name,
    });
    if (!repo) return undefined;
    const versions = (
        await client.list<{ pulp_href: string; number: number }>(`${repo.pulp_href}versions/`, {
            fields: ["pulp_href", "number"],
        })
    ).map((v) => ({ href: v.pulp_href, number: v.number }));
    const publications =
        e.type === "container"
            ? []
            : (
                  await client.list<{ pulp_href: string; repository_version: string }>("publications/", {
                      repository: repo.pulp_href,
                      fields: ["pulp_href", "repository_version"],
                  })
              ).map((p) => ({ href: p.pulp_href, repository_version: p.repository_version }));
    const mine = (ledger[e.short_name] ?? []).map((s) => s.version);
    return planReclaim(e.short_name, { href: repo.pulp_href, versions, publications }, mine, served);
}

/**
 * Deletes the publications and repository versions of the catalogue's repositories that no
 * ledger entry and no distribution uses (model/reclaim.ts says which), then runs Pulp's orphan
 * cleanup so their content and files go too.
 */
export async function reclaim(
    client: PulpClient,
    catalogue: CatalogueEntry[],
    ledger: Ledger,
    o: ReclaimOptions,
): Promise<ReclaimResult> {
    // Before anything is deleted, and again before the cleanup: the deletions take a while.
    const protection = o.dryRun ? undefined : o.protectionMinutes;
    if (protection !== undefined) await refuseOrphanRisk(client, protection);
    const served = await servedByDistributions(client);
    const limit = pLimit(4);
    const verb = o.dryRun ? "would delete" : "deleted";
    const plans = await Promise.all(
        catalogue.map((e) =>
            limit(async (): Promise<ReclaimPlan | undefined> => {
                const plan = await planFor(client, e, ledger, served);
                if (!plan) return undefined;
                for (const p of plan.publications) {
                    if (!o.dryRun) await client.delete(p.href, `deleting a publication of ${e.short_name}`);
                    o.say(`${verb} publication ${p.href} of ${e.short_name} version ${p.version} (${p.why})`);
                }
                for (const v of plan.versions) {
                    if (!o.dryRun)
                        await client.delete(v.href, `deleting ${e.short_name} version ${v.number}`);
                    o.say(`${verb} ${e.short_name} version ${v.number} (no ledger entry uses it)`);
                }
                for (const n of plan.notes) o.say(n);
                return plan;
            }),
        ),
    );
    const done = plans.filter((p): p is ReclaimPlan => p !== undefined);
    const result = {
        publications: done.reduce((n, p) => n + p.publications.length, 0),
        versions: done.reduce((n, p) => n + p.versions.length, 0),
    };
    if (o.dryRun) return result;
    if (protection !== undefined)
        await refuseOrphanRisk(
            client,
            protection,
            `${result.publications} publication(s) and ${result.versions} repository version(s) deleted; `,
        );
    return { ...result, orphans: await cleanupOrphans(client, o.protectionMinutes) };
}
