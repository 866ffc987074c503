import { recordingProxy, Seen } from "../../test/harness/recordingProxy";

/**
 * A loopback HTTP proxy in front of one server that counts requests, logins apart (the providers
 * run in the engine's provider process, out of the benchmark's reach).
 */
export async function countingProxy(target: string): Promise<{
    url: string;
    /** Requests other than logins. */
    count(): number;
    logins(): number;
    /** What the requests were, logins too, e.g. "POST distributions 300, GET tasks 93 (of which 409: 2)". */
    breakdown(): string;
    reset(): void;
    close(): void;
}> {
    const p = await recordingProxy(target);
    const logins = () => p.seen.filter((s) => s.path.endsWith("/login/")).length;
    return {
        url: p.url,
        count: () => p.seen.length - logins(),
        logins,
        breakdown: () => breakdown(p.seen),
        reset: () => void p.seen.splice(0),
        close: p.close,
    };
}

/** Requests grouped by method and the API's first path segment (tasks, distributions, …). */
function breakdown(seen: Seen[]): string {
    const groups = new Map<string, { n: number; failed: Map<number, number> }>();
    for (const s of seen) {
        const kind = /\/api\/v3\/([^/?]+)/.exec(s.path)?.[1] ?? s.path.split("?")[0];
        const key = `${s.method} ${kind}`;
        const g = groups.get(key) ?? { n: 0, failed: new Map<number, number>() };
        g.n++;
        if (s.status >= 400) g.failed.set(s.status, (g.failed.get(s.status) ?? 0) + 1);
        groups.set(key, g);
    }
    return [...groups.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .map(([k, g]) => {
            const failed = [...g.failed.entries()].map(([st, n]) => `${st}: ${n}`).join(", ");
            return `${k} ${g.n}${failed ? ` (of which ${failed})` : ""}`;
        })
        .join(", ");
}
