import { Ledger, LedgerEntry } from "./ledger";
import { ClientPins, pinnedSnapshots } from "./pins";
import { snapshotDate } from "./snapshotId";

export interface Pruned {
    readonly ledger: Ledger;
    readonly dropped: { short_name: string; entry: LedgerEntry }[];
}

/**
 * Drops snapshots older than the window that no client pins, never the newest of a repository
 * (clients syncing on demand rely on Ark keeping what they pinned).
 */
export function pruneLedger(
    ledger: Ledger,
    pins: ClientPins[],
    retentionDays: number,
    now = new Date(),
): Pruned {
    if (!Number.isFinite(retentionDays) || retentionDays < 1)
        throw new Error(`retentionDays must be a whole number ≥ 1 (got ${retentionDays})`);
    const cutoff = now.getTime() - retentionDays * 86_400_000;
    const pinned = pinnedSnapshots(pins);
    const out: Ledger = {};
    const dropped: Pruned["dropped"] = [];
    for (const [short, list] of Object.entries(ledger)) {
        out[short] = list.filter((e, i) => {
            const keep =
                i === list.length - 1 ||
                pinned.has(`${short}/${e.id}`) ||
                snapshotDate(e.id).getTime() >= cutoff;
            if (!keep) dropped.push({ short_name: short, entry: e });
            return keep;
        });
    }
    return { ledger: out, dropped };
}
