import { PulpConnection } from "./connection";
import { PulpError } from "./errors";
import { PulpClient } from "./http";
import { backoff, sleep } from "./tasks";

/** The parts of GET <api root>api/v3/status/ that say whether a Pulp can serve. */
export interface PulpStatus {
    versions?: { component: string; version: string }[];
    online_workers?: unknown[];
    online_content_apps?: unknown[];
    database_connection?: { connected?: boolean };
}

export interface ReadinessRequirements {
    /** Online task workers needed (syncs and every change are tasks); default 1. */
    readonly minWorkers?: number;
    /** Online content apps needed (what serves packages); default 1. */
    readonly minContentApps?: number;
}

/** What keeps a Pulp from serving, in an operator's words; empty when it is ready. */
export function statusProblems(s: PulpStatus, r: ReadinessRequirements = {}): string[] {
    const p: string[] = [];
    if (s.database_connection?.connected !== true) p.push("its database is not connected");
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    const workers = s.online_workers?.length ?? 0;
    const apps = s.online_content_apps?.length ?? 0;
    if (workers < (r.minWorkers ?? 1))
        p.push(`${count(workers, "online worker")} (needs ${r.minWorkers ?? 1})`);
    if (apps < (r.minContentApps ?? 1))
        p.push(`${count(apps, "online content app")} (needs ${r.minContentApps ?? 1})`);
    return p;
}

/** component → version, e.g. {core: "3.49.1", rpm: "3.25.3"}. */
export function statusVersions(s: PulpStatus): Record<string, string> {
    return Object.fromEntries((s.versions ?? []).map((v) => [v.component, v.version]).sort());
}

function describeFailure(e: unknown): string {
    if (e instanceof PulpError && e.status) return `it answered HTTP ${e.status}`;
    const msg = e instanceof Error ? e.message : String(e);
    // The client's network errors end with the cause's code, e.g. "…: ECONNREFUSED".
    return `no answer (${msg.split(": ").pop()})`;
}

/**
 * Polls a Pulp's status until it can serve (database connected, workers and content apps online)
 * and answers its versions; after the timeout, fails naming the URL and the last status seen.
 */
export async function waitUntilReady(
    conn: PulpConnection,
    timeoutSeconds: number,
    r: ReadinessRequirements = {},
): Promise<Record<string, string>> {
    // Short requests: a server that is starting should be asked again, not waited on for a minute.
    const client = new PulpClient({ ...conn, timeoutMs: Math.min(conn.timeoutMs ?? 10_000, 10_000) });
    const url = `${conn.baseUrl.replace(/\/+$/, "")}${client.url("status/")}`;
    const deadline = Date.now() + timeoutSeconds * 1000;
    const delays = backoff(250, 5000, 1.5);
    let last = "no answer yet";
    for (;;) {
        try {
            const s = await client.get<PulpStatus>("status/");
            const problems = statusProblems(s, r);
            if (!problems.length) return statusVersions(s);
            last = problems.join(", ");
        } catch (e) {
            last = describeFailure(e);
        }
        const left = deadline - Date.now();
        if (left <= 0)
            throw new PulpError(
                `Pulp at ${url} is not ready after ${timeoutSeconds}s; last status: ${last}. ` +
                    "Check that its container (or processes) runs and that this URL reaches it; " +
                    "a long database migration after an upgrade may need a longer timeout",
                "GET",
                url,
            );
        await sleep(Math.min(delays.next().value as number, left));
    }
}
