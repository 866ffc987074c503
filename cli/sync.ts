import pLimit from "p-limit";
import pRetry from "p-retry";
import { MIRROR_LABEL } from "../components/ark/catalogueRepository";
import { PulpClient } from "../components/pulp/client/http";
import { SYNC_POLICY_LABEL } from "../components/pulp/providers/remote";
import { endpointFor } from "../components/pulp/providers/plugins";
import { CatalogueEntry } from "../model/catalogue";
import { Ledger, LedgerEntry } from "../model/ledger";
import { snapshotIdOf } from "../model/snapshotId";
import { contentDigest, versionContent, versionInfo } from "./content";

export type SyncOutcome =
    | { short_name: string; status: "new"; entry: LedgerEntry; seconds: number; attempts: number }
    | { short_name: string; status: "unchanged"; seconds: number; attempts: number }
    | { short_name: string; status: "failed"; error: string; seconds: number; attempts: number };

export interface SyncOptions {
    readonly concurrency: number;
    readonly retries: number;
    /** Called on every state change of a repository: live progress. */
    readonly progress?: (short: string, what: string) => void;
    /** Called with each new ledger entry as soon as it exists, so a crash loses nothing. */
    readonly recorded?: (short: string, entry: LedgerEntry) => void | Promise<void>;
    readonly minRetryMs?: number;
}

type Named = { pulp_href: string; pulp_labels?: Record<string, string>; latest_version_href?: string };

/** Syncs one repository; answers the new ledger entry, or undefined when nothing changed. */
async function syncOne(
    client: PulpClient,
    e: CatalogueEntry,
    ledger: Ledger,
): Promise<LedgerEntry | undefined> {
    const repo = await client.findOne<Named>(endpointFor("repositories", e.type), { name: e.name });
    if (!repo) throw new Error(`repository '${e.name}' is not on Ark: run pulumi up first`);
    const remote = await client.findOne<Named>(endpointFor("remotes", e.type), { name: `${e.name}-remote` });
    if (!remote) throw new Error(`remote '${e.name}-remote' is not on Ark: run pulumi up first`);
    const labels = remote.pulp_labels ?? {};
    const body: Record<string, unknown> = { remote: remote.pulp_href };
    if (e.type === "rpm") body.sync_policy = labels[SYNC_POLICY_LABEL] ?? "mirror_complete";
    else if (e.type === "deb") body.mirror = labels[MIRROR_LABEL] !== "false";
    else body.mirror = true;
    await client.write("POST", `${repo.pulp_href}sync/`, body, `syncing ${e.short_name}`);
    // Judge by the repository's latest version, not by this task's output: a version made by an
    // attempt that failed afterwards (or by a sync outside this command) is still recorded once.
    const latest = (await client.get<Named>(repo.pulp_href)).latest_version_href;
    const number = Number(latest?.match(/\/versions\/(\d+)\/$/)?.[1] ?? 0);
    const newest = Math.max(-1, ...(ledger[e.short_name] ?? []).map((x) => x.version));
    if (!latest || number === 0 || number <= newest) return undefined; // Pulp makes no version when nothing changed
    const info = await versionInfo(client, latest);
    return {
        id: snapshotIdOf(info.pulp_created),
        version: info.number,
        digest: contentDigest(await versionContent(client, latest)),
    };
}

/** Syncs entries with bounded concurrency; one failing upstream never stops the others. */
export async function syncAll(
    client: PulpClient,
    entries: CatalogueEntry[],
    ledger: Ledger,
    o: SyncOptions,
): Promise<SyncOutcome[]> {
    const limit = pLimit(Math.max(1, o.concurrency));
    const say = o.progress ?? (() => undefined);
    return Promise.all(
        entries.map((e) =>
            limit(async (): Promise<SyncOutcome> => {
                const start = Date.now();
                let attempts = 0;
                const seconds = () => Math.round((Date.now() - start) / 100) / 10;
                try {
                    const entry = await pRetry(
                        () => {
                            attempts++;
                            say(e.short_name, attempts === 1 ? "syncing" : `retrying (attempt ${attempts})`);
                            return syncOne(client, e, ledger);
                        },
                        {
                            retries: o.retries,
                            minTimeout: o.minRetryMs ?? 5000,
                            onFailedAttempt: (err) =>
                                say(e.short_name, `attempt ${err.attemptNumber} failed: ${err.message}`),
                        },
                    );
                    if (!entry) {
                        say(e.short_name, `unchanged (${seconds()}s)`);
                        return {
                            short_name: e.short_name,
                            status: "unchanged",
                            seconds: seconds(),
                            attempts,
                        };
                    }
                    await o.recorded?.(e.short_name, entry);
                    say(e.short_name, `new snapshot ${entry.id} (version ${entry.version}, ${seconds()}s)`);
                    return { short_name: e.short_name, status: "new", entry, seconds: seconds(), attempts };
                } catch (err) {
                    say(e.short_name, `FAILED: ${(err as Error).message}`);
                    return {
                        short_name: e.short_name,
                        status: "failed",
                        error: (err as Error).message,
                        seconds: seconds(),
                        attempts,
                    };
                }
            }),
        ),
    );
}

export function summaryTable(outcomes: SyncOutcome[]): string {
    const rows = outcomes.map((o) => [
        o.short_name,
        o.status,
        o.status === "new" ? `${o.entry.id} (v${o.entry.version})` : o.status === "failed" ? o.error : "",
        `${o.seconds}s`,
        String(o.attempts),
    ]);
    const head = ["repository", "result", "snapshot / error", "time", "attempts"];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((c, i) => c.padEnd(w[i]))
            .join("  ")
            .trimEnd();
    return [line(head), line(w.map((n) => "-".repeat(n))), ...rows.map(line)].join("\n");
}
