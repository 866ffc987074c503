import { PulpClient } from "../components/pulp/client/http";
import { LedgerEntry, recordSnapshot } from "../model/ledger";
import { updateLedger } from "../model/ledgerLock";
import { snapshotIdOf } from "../model/snapshotId";
import { contentDigest, versionContent, versionInfo } from "./content";

/**
 * A repository's latest version as a new ledger entry (`id` = its creation time in UTC, `digest`
 * = sha256 over its sorted content), or undefined when there is nothing new: version 0, or a
 * version the ledger already has. Every command that makes versions on Ark (sync, upload) judges
 * by the latest version rather than by its own task's output, so a version made by an attempt
 * that failed afterwards, or outside the command, is still recorded once.
 */
export async function newSnapshotEntry(
    client: PulpClient,
    repositoryHref: string,
    recorded: readonly LedgerEntry[],
): Promise<LedgerEntry | undefined> {
    const latest = (await client.get<{ latest_version_href?: string }>(repositoryHref)).latest_version_href;
    const number = Number(latest?.match(/\/versions\/(\d+)\/$/)?.[1] ?? 0);
    const newest = Math.max(-1, ...recorded.map((x) => x.version));
    if (!latest || number === 0 || number <= newest) return undefined; // Pulp makes no version when nothing changed
    const info = await versionInfo(client, latest);
    return {
        id: snapshotIdOf(info.pulp_created),
        version: info.number,
        digest: contentDigest(await versionContent(client, latest)),
    };
}

/** Records an entry under the ledger lock, on the file as it is now: other writers' entries stay. */
export async function recordSnapshotEntry(
    file: string,
    short: string,
    entry: LedgerEntry,
    say?: (line: string) => void,
): Promise<void> {
    await updateLedger(file, (current) => recordSnapshot(current, short, entry), { say });
}
