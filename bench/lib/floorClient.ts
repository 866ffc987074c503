import pLimit from "p-limit";

type Task = { state: string; created_resources?: string[]; error?: { description?: string } | null };
const FINAL = ["completed", "skipped", "failed", "canceled"];
const UNSAFE = ["POST", "PATCH", "PUT", "DELETE"];

/**
 * The floor: the least a client can do to get the same work done, straight against Pulp's REST API
 * with Node's fetch: one login, then the session cookie (and CSRF token on writes); one request per
 * object; a task polled on its own until it is final. No look-ups, no diffing, no state. The
 * benchmarks run it on the same Pulp, in the same run, and report ours / floor.
 */
export class FloorClient {
    requests = 0;
    private constructor(
        private readonly base: string,
        private readonly cookie: string,
        private readonly csrf: string,
    ) {}

    static async login(apiUrl: string, username: string, password: string): Promise<FloorClient> {
        const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
        const r = await fetch(`${apiUrl}/pulp/api/v3/login/`, {
            method: "POST",
            headers: { Authorization: auth },
        });
        if (r.status !== 201) throw new Error(`floor: login failed with HTTP ${r.status}`);
        const cookies = r.headers.getSetCookie().map((c) => c.split(";")[0]);
        const csrf = cookies.find((c) => c.startsWith("csrftoken="))?.split("=")[1] ?? "";
        return new FloorClient(apiUrl, cookies.join("; "), csrf);
    }

    async call<T>(method: string, href: string, body?: unknown): Promise<T> {
        this.requests++;
        const url = href.startsWith("/") ? `${this.base}${href}` : `${this.base}/pulp/api/v3/${href}`;
        const headers: Record<string, string> = { Cookie: this.cookie };
        if (UNSAFE.includes(method)) headers["X-CSRFToken"] = this.csrf;
        if (body !== undefined) headers["Content-Type"] = "application/json";
        const r = await fetch(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await r.text();
        if (r.status >= 400)
            throw new Error(`floor: ${method} ${href} failed with HTTP ${r.status}: ${text}`);
        return (text ? JSON.parse(text) : {}) as T;
    }

    /** A write; when Pulp answers with a task, polls it (at once, then from 50 ms backing off to 1 s) until it is final. */
    async write(method: string, href: string, body?: unknown): Promise<{ pulp_href?: string; task?: Task }> {
        const r = await this.call<{ pulp_href?: string; task?: string }>(method, href, body);
        if (!r.task) return { pulp_href: r.pulp_href };
        for (let wait = 50; ; wait = Math.min(1000, wait * 1.5)) {
            const t = await this.call<Task>("GET", r.task);
            if (FINAL.includes(t.state)) {
                if (t.state !== "completed")
                    throw new Error(`floor: task ${r.task} ${t.state}: ${t.error?.description}`);
                return { task: t };
            }
            await new Promise((s) => setTimeout(s, wait));
        }
    }
}

/** Runs `work` for items 0..n-1 at most `concurrency` at a time; answers the seconds taken. */
export async function timedConcurrent(n: number, concurrency: number, work: (i: number) => Promise<void>) {
    const limit = pLimit(concurrency);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: n }, (_, i) => limit(() => work(i))));
    return (Date.now() - t0) / 1000;
}

/** Tries each concurrency in turn and keeps the fastest: the floor at its best. */
export async function atBestConcurrency(
    concurrencies: number[],
    run: (concurrency: number) => Promise<number>,
): Promise<{ seconds: number; concurrency: number; tried: Record<number, number> }> {
    const tried: Record<number, number> = {};
    for (const c of concurrencies) {
        tried[c] = await run(c);
        process.stderr.write(`floor at concurrency ${c}: ${tried[c].toFixed(1)}s\n`);
    }
    const concurrency = concurrencies.reduce((a, b) => (tried[b] < tried[a] ? b : a));
    return { seconds: tried[concurrency], concurrency, tried };
}
