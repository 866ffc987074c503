import * as https from "https";
import axios, { AxiosError } from "axios";
import { apiPrefix, PulpConnection } from "./connection";
import { PulpError } from "./errors";

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
    const status = (e as AxiosError).response?.status;
    if (status) return `it answered HTTP ${status}`;
    const code = (e as AxiosError).code ?? (e instanceof Error ? e.message : String(e));
    return `no answer (${code})`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls a Pulp's status until it can serve (database connected, workers and content apps online)
 * and answers its versions; after the timeout, fails naming the URL and the last status seen.
 */
export async function waitUntilReady(
    conn: PulpConnection,
    timeoutSeconds: number,
    r: ReadinessRequirements = {},
): Promise<Record<string, string>> {
    const url = `${conn.baseUrl.replace(/\/+$/, "")}${apiPrefix(conn)}status/`;
    // The status needs no login, and a server that is starting should be asked again soon, not
    // retried or waited on for a minute: one short anonymous request per poll.
    const httpsAgent = new https.Agent({ ca: conn.caCert, cert: conn.clientCert, key: conn.clientKey });
    const get = () => axios.get<PulpStatus>(url, { timeout: 10_000, httpsAgent, maxRedirects: 0 });
    const deadline = Date.now() + timeoutSeconds * 1000;
    let delay = 250;
    let last = "no answer yet";
    for (;;) {
        try {
            const s = (await get()).data;
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
        await sleep(Math.min(delay, left));
        delay = Math.min(5000, delay * 1.5);
    }
}
