import { CatalogueEntry } from "./catalogue";
import { Ledger, LedgerEntry } from "./ledger";
import { ClientPins, pinnedSnapshots } from "./pins";

/**
 * The snapshots a check covers: those one client pins, or (without a client) every snapshot in
 * the ledger, in catalogue order.
 */
export function snapshotSelection(
    catalogue: CatalogueEntry[],
    ledger: Ledger,
    pins: ClientPins[],
    client?: string,
): [CatalogueEntry, LedgerEntry][] {
    let pinned: Set<string> | undefined;
    if (client !== undefined) {
        const mine = pins.filter((p) => p.client === client);
        if (!mine.length)
            throw new Error(
                `no pins for client '${client}' (clients with pins: ${pins.map((p) => p.client).join(", ") || "none"})`,
            );
        pinned = pinnedSnapshots(mine);
    }
    const out: [CatalogueEntry, LedgerEntry][] = [];
    for (const e of catalogue)
        for (const s of ledger[e.short_name] ?? [])
            if (!pinned || pinned.has(`${e.short_name}/${s.id}`)) out.push([e, s]);
    return out;
}

/** A catalogue entry and two of its snapshots, by id: what `diff` compares. */
export function snapshotPair(
    catalogue: CatalogueEntry[],
    ledger: Ledger,
    short: string,
    fromId: string,
    toId: string,
): { entry: CatalogueEntry; from: LedgerEntry; to: LedgerEntry } {
    const entry = catalogue.find((x) => x.short_name === short);
    if (!entry) throw new Error(`'${short}' is not in the catalogue`);
    const find = (id: string) => {
        const s = (ledger[short] ?? []).find((x) => x.id === id);
        if (!s) {
            const known = (ledger[short] ?? []).map((x) => x.id);
            throw new Error(
                `${short} has no snapshot ${id} in the ledger (${known.length ? `newest: ${known.slice(-3).join(", ")}` : "it has none"})`,
            );
        }
        return s;
    };
    return { entry, from: find(fromId), to: find(toId) };
}
