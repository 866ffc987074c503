import { PulpClient } from "../components/pulp/client/http";
import { endpointFor } from "../components/pulp/providers/plugins";
import { CatalogueEntry } from "../model/catalogue";
import { LedgerEntry } from "../model/ledger";
import { contentDigest, versionContent } from "./content";

export type Verdict = { short_name: string; id: string; ok: boolean; problem?: string };

type Dist = {
    pulp_href: string;
    base_path: string;
    publication?: string | null;
    repository_version?: string | null;
    repository?: string | null;
};

/**
 * Recomputes a snapshot's digest from what its distribution serves today — what clients get —
 * and compares it, and the version number, with the ledger.
 */
export async function verifySnapshot(
    client: PulpClient,
    e: CatalogueEntry,
    s: LedgerEntry,
): Promise<Verdict> {
    const v = { short_name: e.short_name, id: s.id };
    const name = `${e.distribution_name}${s.id}`;
    const dist = await client.findOne<Dist>(endpointFor("distributions", e.type), { name });
    if (!dist) return { ...v, ok: false, problem: `distribution ${name} is missing on Ark` };
    let version = dist.repository_version ?? undefined;
    if (dist.publication)
        version = (await client.get<{ repository_version: string }>(dist.publication)).repository_version;
    if (!version)
        return {
            ...v,
            ok: false,
            problem: `distribution ${name} serves a whole repository, not a fixed version`,
        };
    const number = Number(version.match(/\/versions\/(\d+)\/$/)?.[1]);
    if (number !== s.version)
        return { ...v, ok: false, problem: `${name} serves version ${number}, the ledger says ${s.version}` };
    const digest = contentDigest(await versionContent(client, version));
    if (digest !== s.digest)
        return {
            ...v,
            ok: false,
            problem: `${name} content digest ${digest} differs from the ledger's ${s.digest}`,
        };
    return { ...v, ok: true };
}
