import * as http from "http";
import * as https from "https";
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import { apiPrefix, PulpConnection } from "./connection";
import { PulpAuth } from "./auth";
import { authError, describeHttpError, PulpError } from "./errors";
import { PulpTask } from "./tasks";
import { TaskWatcher, WaitListener } from "./taskWatcher";

export interface Page<T> {
    count: number;
    next: string | null;
    results: T[];
}

/** Query parameters; arrays are joined with commas as Pulp's `__in` filters expect. */
export type Params = Record<string, string | number | boolean | string[] | undefined>;

const TASK_FIELDS = [
    "pulp_href",
    "state",
    "error",
    "created_resources",
    "name",
    "finished_at",
    "progress_reports",
];

/**
 * The one layer that talks HTTP to Pulp: auth (one login session per client), TLS, retries of
 * idempotent calls, pagination, task waiting and error mapping. Providers and commands use
 * nothing below it.
 */
export class PulpClient {
    readonly api: string;
    /** Number of HTTP requests sent, logins included (benchmarks report requests per object). */
    requests = 0;
    readonly auth: PulpAuth;
    private readonly http: AxiosInstance;
    private readonly tasks: TaskWatcher;

    constructor(readonly conn: PulpConnection) {
        this.api = apiPrefix(conn);
        const tls = { ca: conn.caCert, cert: conn.clientCert, key: conn.clientKey };
        const make = () =>
            axios.create({
                baseURL: conn.baseUrl.replace(/\/+$/, ""),
                timeout: conn.timeoutMs ?? 60_000,
                httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16 }),
                httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 16, ...tls }),
                // Redirects would resend credentials to wherever Pulp points; the API never needs them.
                maxRedirects: 0,
                validateStatus: (s) => s >= 200 && s < 300,
            });
        this.http = make();
        const login = make();
        for (const x of [this.http, login]) {
            x.interceptors.request.use((c) => {
                this.requests++;
                return c;
            });
        }
        // Only idempotent methods are retried: a repeated POST could create a second object.
        // A login may be repeated: a second session is harmless.
        axiosRetry(this.http, {
            retries: 4,
            retryDelay: (n) => Math.min(4000, 200 * 2 ** n),
            retryCondition: (e) => axiosRetry.isNetworkOrIdempotentRequestError(e),
        });
        axiosRetry(login, {
            retries: 4,
            retryDelay: (n) => Math.min(4000, 200 * 2 ** n),
            retryCondition: (e) => axiosRetry.isNetworkError(e) || (e.response?.status ?? 0) >= 500,
        });
        this.auth = new PulpAuth(conn, this.url("login/"), login);
        this.tasks = new TaskWatcher(
            {
                server: conn.baseUrl,
                listTasks: (hrefs) =>
                    this.list<PulpTask>("tasks/", { pulp_href__in: hrefs, fields: TASK_FIELDS }),
                onlineWorkers: async () =>
                    (await this.get<{ online_workers?: unknown[] }>("status/")).online_workers?.length ?? 0,
                cancel: async (href) => void (await this.request("PATCH", href, { state: "canceled" })),
            },
            { deadlineMs: conn.taskTimeoutMs ?? 30 * 60_000 },
        );
    }

    /** Path of an endpoint under the API root, e.g. url("repositories/rpm/rpm/"). */
    url(path: string): string {
        return path.startsWith("/") || /^https?:/.test(path) ? path : this.api + path;
    }

    /** Logs in now (where the server has a login endpoint): wrong credentials fail before any work. */
    async authenticate(): Promise<void> {
        await this.auth.credentials("GET");
    }

    /** Reports of long task waits (what is waited for, and whether a worker is online). */
    onWait(listener: WaitListener): () => void {
        return this.tasks.onWait(listener);
    }

    async request<T>(
        method: string,
        href: string,
        data?: unknown,
        params?: Params,
        /** Extra headers, e.g. an upload chunk's Content-Range; never credentials. */
        extraHeaders?: Record<string, string>,
    ): Promise<{ status: number; data: T }> {
        for (let attempt = 0; ; attempt++) {
            const { generation, headers } = await this.auth.credentials(method);
            const cfg: AxiosRequestConfig = {
                method,
                url: this.url(href),
                data,
                params: encodeParams(params),
                headers: { ...extraHeaders, ...headers },
            };
            try {
                const r = await this.http.request<T>(cfg);
                return { status: r.status, data: r.data };
            } catch (e) {
                const res = (e as AxiosError).response;
                if (
                    res &&
                    (res.status === 401 || res.status === 403) &&
                    (await this.auth.retryAfterRefusal(generation, res.status, res.data, attempt))
                ) {
                    continue;
                }
                throw this.mapError(method, href, e);
            }
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

    waitForTask(href: string, what: string): Promise<PulpTask> {
        return this.tasks.wait(href, what);
    }

    /** Waits for many tasks (polled together with every other wait of this client). */
    waitForTasks(hrefs: string[], what: string): Promise<PulpTask[]> {
        return Promise.all(hrefs.map((h) => this.tasks.wait(h, what)));
    }

    private mapError(method: string, href: string, e: unknown): PulpError {
        if (e instanceof PulpError) return e;
        const ax = e as AxiosError;
        if (ax.response) {
            const { status, data } = ax.response;
            return status === 401 || status === 403
                ? authError(this.conn, method, href, status, data)
                : describeHttpError(method, href, status, data);
        }
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
