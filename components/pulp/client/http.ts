import * as http from "http";
import * as https from "https";
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { apiPrefix, PulpConnection } from "./connection";
import { describeHttpError, PulpError } from "./errors";
import { assertSucceeded, backoff, isFinal, PulpTask, sleep } from "./tasks";

export interface Page<T> {
    count: number;
    next: string | null;
    results: T[];
}

/** Query parameters; arrays are joined with commas as Pulp's `__in` filters expect. */
export type Params = Record<string, string | number | boolean | string[] | undefined>;

const TASK_POLL_BATCH = 50;

/**
 * The one layer that talks HTTP to Pulp: auth, TLS, retries of idempotent calls, pagination,
 * task waiting and error mapping. Providers and commands use nothing below it.
 */
export class PulpClient {
    readonly api: string;
    /** Number of HTTP requests sent (benchmarks report requests per object). */
    requests = 0;
    private readonly http: AxiosInstance;
    private readonly taskTimeoutMs: number;

    constructor(readonly conn: PulpConnection) {
        this.api = apiPrefix(conn);
        this.taskTimeoutMs = conn.taskTimeoutMs ?? 30 * 60_000;
        const tls = { ca: conn.caCert, cert: conn.clientCert, key: conn.clientKey };
        this.http = axios.create({
            baseURL: conn.baseUrl.replace(/\/+$/, ""),
            auth: { username: conn.username, password: conn.password },
            timeout: conn.timeoutMs ?? 60_000,
            httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16 }),
            httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 16, ...tls }),
            // Redirects would resend credentials to wherever Pulp points; the API never needs them.
            maxRedirects: 0,
            validateStatus: (s) => s >= 200 && s < 300,
        });
        this.http.interceptors.request.use((c) => {
            this.requests++;
            return c;
        });
        // Only idempotent methods are retried: a repeated POST could create a second object.
        axiosRetry(this.http, {
            retries: 4,
            retryDelay: (n) => Math.min(4000, 200 * 2 ** n),
            retryCondition: (e) => axiosRetry.isNetworkOrIdempotentRequestError(e),
        });
    }

    /** Path of an endpoint under the API root, e.g. url("repositories/rpm/rpm/"). */
    url(path: string): string {
        return path.startsWith("/") ? path : this.api + path;
    }

    async request<T>(
        method: string,
        href: string,
        data?: unknown,
        params?: Params,
    ): Promise<{ status: number; data: T }> {
        const cfg: AxiosRequestConfig = { method, url: this.url(href), data, params: encodeParams(params) };
        try {
            const r = await this.http.request<T>(cfg);
            return { status: r.status, data: r.data };
        } catch (e) {
            throw this.mapError(method, href, e);
        }
    }

    async get<T>(href: string, params?: Params): Promise<T> {
        return (await this.request<T>("GET", href, undefined, params)).data;
    }

    /** GET that answers undefined for 404: the natural "does it still exist" question. */
    async getOrUndefined<T>(href: string, params?: Params): Promise<T | undefined> {
        try {
            return await this.get<T>(href, params);
        } catch (e) {
            if (e instanceof PulpError && e.notFound) return undefined;
            throw e;
        }
    }

    /** Every item of a list endpoint, following `next` links. */
    async list<T>(path: string, params: Params = {}): Promise<T[]> {
        const out: T[] = [];
        let page = await this.get<Page<T>>(path, { limit: 1000, ...params });
        out.push(...page.results);
        while (page.next) {
            page = await this.get<Page<T>>(page.next);
            out.push(...page.results);
        }
        return out;
    }

    /** Lookup by natural key; more than one match is an error, as names are unique per domain. */
    async findOne<T>(path: string, params: Params): Promise<T | undefined> {
        const page = await this.get<Page<T>>(path, { ...params, limit: 2 });
        if (page.count > 1) {
            throw new PulpError(
                `more than one object at ${path} matches ${JSON.stringify(params)}`,
                "GET",
                path,
            );
        }
        return page.results[0];
    }

    /** POST/PATCH/PUT/DELETE; when Pulp answers 202 with a task, waits for it and returns the task. */
    async write<T>(method: "POST" | "PATCH" | "PUT" | "DELETE", href: string, data?: unknown, what?: string) {
        const r = await this.request<T & { task?: string }>(method, href, data);
        if (r.status === 202 && r.data && typeof r.data.task === "string") {
            const task = await this.waitForTask(r.data.task, what ?? `${method} ${href}`);
            return { data: r.data as T, task };
        }
        return { data: r.data as T, task: undefined };
    }

    async delete(href: string, what?: string): Promise<void> {
        try {
            await this.write("DELETE", href, undefined, what);
        } catch (e) {
            if (e instanceof PulpError && e.notFound) return;
            throw e;
        }
    }

    async waitForTask(href: string, what: string): Promise<PulpTask> {
        return (await this.waitForTasks([href], what))[0];
    }

    /**
     * Waits for many tasks, polling them together (one request per batch of 50) with backoff,
     * and raises on the first that failed.
     */
    async waitForTasks(hrefs: string[], what: string): Promise<PulpTask[]> {
        const done = new Map<string, PulpTask>();
        const deadline = Date.now() + this.taskTimeoutMs;
        const delays = backoff();
        for (;;) {
            const pending = hrefs.filter((h) => !done.has(h));
            for (let i = 0; i < pending.length; i += TASK_POLL_BATCH) {
                const batch = pending.slice(i, i + TASK_POLL_BATCH);
                const tasks =
                    batch.length === 1
                        ? [await this.get<PulpTask>(batch[0])]
                        : await this.list<PulpTask>("tasks/", {
                              pulp_href__in: batch,
                              fields: ["pulp_href", "state", "error", "created_resources", "name"],
                          });
                for (const t of tasks) if (isFinal(t)) done.set(t.pulp_href, assertSucceeded(t, what));
            }
            if (done.size === hrefs.length) return hrefs.map((h) => done.get(h)!);
            if (Date.now() > deadline) {
                const left = hrefs.filter((h) => !done.has(h));
                const canceled = await this.cancelTasks(left);
                throw new PulpError(
                    `timed out after ${Math.round(this.taskTimeoutMs / 1000)}s waiting for Pulp task(s) for ${what}: ` +
                        `${left.join(", ")} not finished (is a pulpcore-worker running?)` +
                        (canceled.length === left.length
                            ? "; canceled, so the next run starts clean"
                            : `; could not cancel ${left.filter((h) => !canceled.includes(h)).join(", ")}`),
                    "TASK",
                    left[0],
                );
            }
            await sleep(delays.next().value as number);
        }
    }

    /**
     * Cancels tasks we gave up on: a create left waiting would otherwise run when a worker comes
     * back and leave an object Pulumi does not know about. Returns those canceled.
     */
    private async cancelTasks(hrefs: string[]): Promise<string[]> {
        const canceled: string[] = [];
        for (const h of hrefs) {
            try {
                await this.request("PATCH", h, { state: "canceled" });
                canceled.push(h);
            } catch {
                // 409: it started or finished meanwhile; the caller reports it as not canceled.
            }
        }
        return canceled;
    }

    private mapError(method: string, href: string, e: unknown): PulpError {
        if (e instanceof PulpError) return e;
        const ax = e as AxiosError;
        if (ax.response) return describeHttpError(method, href, ax.response.status, ax.response.data);
        // Network failure: name the server, never the credentials.
        return new PulpError(
            `cannot reach Pulp at ${this.conn.baseUrl} (${method} ${href}): ${ax.code ?? ax.message}`,
            method,
            href,
        );
    }
}

function encodeParams(params?: Params): Record<string, string | number | boolean> | undefined {
    if (!params) return undefined;
    const out: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(params)) {
        if (v === undefined) continue;
        out[k] = Array.isArray(v) ? v.join(",") : v;
    }
    return out;
}
