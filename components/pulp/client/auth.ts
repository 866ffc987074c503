import { AxiosInstance } from "axios";
import { PulpConnection } from "./connection";
import { authError, describeHttpError, PulpError } from "./errors";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What one request carries: its headers and the login generation they belong to. */
export interface Credentials {
    readonly generation: number;
    readonly headers: Record<string, string>;
}

/**
 * How the client proves who it is. Pulp hashes the password (PBKDF2, a million iterations) on every
 * Basic-auth request, about a third of a second of server CPU each; a session cookie costs a table
 * lookup. So the client logs in once (Pulp's `login/` endpoint, Basic auth that one time) and sends
 * the session cookie, plus Django's CSRF token on unsafe methods. Basic auth remains only for a server
 * that has no login endpoint, or one whose CSRF check a session cannot pass (a proxy rewriting Host).
 *
 * The cookie and token are secrets like the password: they live only in this object, never in
 * outputs, logs or error messages.
 */
export class PulpAuth {
    private mode: "unknown" | "session" | "basic" = "unknown";
    private readonly cookies = new Map<string, string>();
    private inFlight?: Promise<void>;
    /** Bumped by every login, so concurrent failures of one session log in again only once. */
    private generation = 0;
    /** Logins made (tests and benchmarks check there is one per process). */
    logins = 0;

    constructor(
        private readonly conn: PulpConnection,
        private readonly loginPath: string,
        private readonly raw: AxiosInstance,
    ) {}

    get usesSession(): boolean {
        return this.mode === "session";
    }

    /** Headers for one request, logging in first when there is no session yet. */
    async credentials(method: string): Promise<Credentials> {
        if (this.mode === "unknown") await this.login(this.generation);
        const generation = this.generation;
        if (this.mode === "basic") return { generation, headers: { Authorization: this.basic() } };
        const headers: Record<string, string> = {
            Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        };
        if (UNSAFE.has(method.toUpperCase())) {
            const csrf = [...this.cookies].find(([k]) => /csrf/i.test(k))?.[1];
            if (csrf) headers["X-CSRFToken"] = csrf;
            // Django checks the Referer of unsafe HTTPS requests against its own host.
            if (this.conn.baseUrl.startsWith("https:"))
                headers.Referer = `${this.conn.baseUrl.replace(/\/+$/, "")}/`;
        }
        return { generation, headers };
    }

    /**
     * A request sent with credentials of generation `sent` was refused (401/403) on its `attempt`-th
     * try: answers whether to send it again. The first refusal logs in again (an expired session),
     * unless a concurrent request already did; a fresh session that still fails Django's CSRF check
     * (a proxy rewriting Host) falls back to Basic auth for good. Nothing is tried a third time.
     */
    async retryAfterRefusal(sent: number, status: number, body: unknown, attempt: number): Promise<boolean> {
        if (attempt >= 2) return false;
        if (sent !== this.generation) return true;
        if (this.mode !== "session") return false;
        if (attempt === 0) {
            await this.login(sent);
            return true;
        }
        const detail = (body as { detail?: unknown } | undefined)?.detail;
        if (status === 403 && typeof detail === "string" && detail.startsWith("CSRF Failed")) {
            this.mode = "basic";
            this.generation++;
            return true;
        }
        return false;
    }

    /** Drops the session server-side (tests simulate an expired session with it). */
    async logout(): Promise<void> {
        if (this.mode !== "session") return;
        const { headers } = await this.credentials("DELETE");
        await this.raw.request({
            method: "DELETE",
            url: this.loginPath,
            headers,
            validateStatus: () => true,
        });
    }

    private basic(): string {
        return `Basic ${Buffer.from(`${this.conn.username}:${this.conn.password}`).toString("base64")}`;
    }

    private login(seen: number): Promise<void> {
        if (seen !== this.generation) return Promise.resolve();
        this.inFlight ??= this.doLogin().finally(() => (this.inFlight = undefined));
        return this.inFlight;
    }

    private async doLogin(): Promise<void> {
        this.logins++;
        let r;
        try {
            r = await this.raw.request({
                method: "POST",
                url: this.loginPath,
                headers: { Authorization: this.basic() },
                validateStatus: () => true,
            });
        } catch (e) {
            const code = (e as { code?: string; message?: string }).code ?? (e as Error).message;
            throw new PulpError(
                `cannot reach Pulp at ${this.conn.baseUrl} (POST ${this.loginPath}): ${code}`,
                "POST",
                this.loginPath,
            );
        }
        if (r.status === 404 || r.status === 405) {
            // A Pulp older than its login endpoint: every request carries the password.
            this.mode = "basic";
        } else if (r.status === 401 || r.status === 403) {
            throw authError(this.conn, "POST", this.loginPath, r.status, r.data);
        } else if (r.status < 200 || r.status >= 300) {
            throw describeHttpError("POST", this.loginPath, r.status, r.data);
        } else {
            this.cookies.clear();
            for (const c of [r.headers["set-cookie"] ?? []].flat()) {
                const m = /^\s*([^=;\s]+)=([^;]*)/.exec(String(c));
                if (m) this.cookies.set(m[1], m[2]);
            }
            // No cookie came back (a proxy stripping them): a session is impossible here.
            this.mode = this.cookies.size ? "session" : "basic";
        }
        this.generation++;
    }
}
