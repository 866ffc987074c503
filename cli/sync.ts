import pLimit from "p-limit";
import pRetry from "p-retry";
import { MIRROR_LABEL } from "../components/ark/catalogueRepository";
import { PulpError } from "../components/pulp/client/errors";
import { PulpClient } from "../components/pulp/client/http";
import { WaitListener } from "../components/pulp/client/taskWatcher";
import { SYNC_POLICY_LABEL } from "../components/pulp/providers/remote";
import { endpointFor } from "../components/pulp/providers/plugins";
import { CatalogueEntry } from "../model/catalogue";
import { Ledger, LedgerEntry } from "../model/ledger";
import { newSnapshotEntry } from "./snapshotEntry";
import { textTable } from "./table";

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

type Named = { pulp_href: string; pulp_labels?: Record<string, string> };

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
    return newSnapshotEntry(client, repo.pulp_href, ledger[e.short_name] ?? []);
}

/** Failures no other repository gets past either (wrong credentials, no worker): they stop the run. */
function stopsTheRun(e: unknown): e is PulpError {
    return e instanceof PulpError && (e.authFailure || e.reason === "no-worker");
}

/**
 * Long waits as progress: what each task is doing, once a minute per subject (`subject` picks it
 * from the task's label, e.g. the repository of "syncing <short_name>").
 */
export function waitProgress(
    say: (subject: string, what: string) => void,
    subject: (label: string) => string | undefined = (l) => /^syncing (.+)$/.exec(l)?.[1],
): WaitListener {
    const last = new Map<string, number>();
    return (r) => {
        const now = Date.now();
        for (const t of r.tasks) {
            const short = subject(t.what);
            if (!short || now - (last.get(short) ?? 0) < 60_000) continue;
            last.set(short, now);
            say(
                short,
                `Pulp task ${t.state} for ${Math.round(t.waitedMs / 1000)}s${t.progress ? ` (${t.progress})` : ""}` +
                    (r.workersOnline === 0 ? "; no Pulp worker online" : ""),
            );
        }
    };
}

/**
 * Syncs entries with bounded concurrency; one failing upstream never stops the others, and only
 * what can pass on a retry is retried (connection errors, 5xx, a failed upstream sync). Wrong
 * credentials or a Pulp without workers stop the whole run with that one error.
 */
export async function syncAll(
    client: PulpClient,
    entries: CatalogueEntry[],
    ledger: Ledger,
    o: SyncOptions,
): Promise<SyncOutcome[]> {
    const limit = pLimit(Math.max(1, o.concurrency));
    const say = o.progress ?? (() => undefined);
    // Credentials first: a typo costs one request and one line, not a retry per repository.
    await client.authenticate();
    let stop: PulpError | undefined;
    const unwatch = client.onWait(waitProgress(say));
    const outcomes = await Promise.all(
        entries.map((e) =>
            limit(async (): Promise<SyncOutcome> => {
                const start = Date.now();
                let attempts = 0;
                const seconds = () => Math.round((Date.now() - start) / 100) / 10;
                try {
                    if (stop) throw stop;
                    const entry = await pRetry(
                        async () => {
                            attempts++;
                            say(e.short_name, attempts === 1 ? "syncing" : `retrying (attempt ${attempts})`);
                            try {
                                return await syncOne(client, e, ledger);
                            } catch (err) {
                                if (err instanceof PulpError && err.retryable) throw err;
                                throw new pRetry.AbortError(err as Error);
                            }
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
                    if (stopsTheRun(err)) stop ??= err;
                    else say(e.short_name, `FAILED: ${(err as Error).message}`);
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
    unwatch();
    if (stop) throw stop;
    return outcomes;
}

export function summaryTable(outcomes: SyncOutcome[]): string {
    const rows = outcomes.map((o) => [
        o.short_name,
        o.status,
        o.status === "new" ? `${o.entry.id} (v${o.entry.version})` : o.status === "failed" ? o.error : "",
        `${o.seconds}s`,
        String(o.attempts),
    ]);
    return textTable(["repository", "result", "snapshot / error", "time", "attempts"], rows);
}
