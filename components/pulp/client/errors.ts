/**
 * One error type for everything the Pulp client reports, worded for an operator:
 * what was called, what Pulp said per field, and what to check.
 */
export class PulpError extends Error {
    constructor(
        message: string,
        readonly method: string,
        readonly href: string,
        readonly status?: number,
        readonly fields: Record<string, string[]> = {},
        /** Why a task wait failed, when the cause is the server rather than the task. */
        readonly reason?: "no-worker" | "timeout",
    ) {
        super(message);
        this.name = "PulpError";
    }

    get notFound(): boolean {
        return this.status === 404;
    }

    /** Wrong credentials or a missing permission: no retry can fix it. */
    get authFailure(): boolean {
        return this.status === 401 || this.status === 403;
    }

    /** Worth another attempt: the server unreachable or failing (5xx), busy (409, 429), or a failed task. */
    get retryable(): boolean {
        if (this.reason === "no-worker" || this.authFailure) return false;
        return this.status === undefined || this.status >= 500 || [408, 409, 429].includes(this.status);
    }
}

/** Flattens DRF's error bodies ({field: [msg]}, {detail}, [msg], nested) into field → messages. */
export function fieldMessages(body: unknown, prefix = ""): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const add = (k: string, v: string) => (out[k] ??= []).push(v);
    const walk = (v: unknown, key: string) => {
        if (v === null || v === undefined) return;
        if (typeof v === "string") add(key || "detail", v);
        else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
        else if (typeof v === "object") {
            for (const [k, x] of Object.entries(v as Record<string, unknown>))
                walk(x, key ? `${key}.${k}` : k);
        } else add(key || "detail", String(v));
    };
    walk(body, prefix);
    return out;
}

const HINTS: Record<number, string> = {
    401: "check the Pulp username and password",
    403: "the Pulp user lacks the permission for this call",
    404: "the object does not exist (deleted outside Pulumi?)",
    409: "Pulp is busy with a conflicting task; retry",
};

// Pulp's words for a reference (href) to an object that is gone.
const DANGLING = /Object does not exist|Invalid hyperlink/;
const REFRESH_HINT =
    "an object it refers to no longer exists on Pulp (deleted outside Pulumi, or the server was reset?): " +
    "run 'pulumi refresh' (or 'pulumi up --refresh')";

function detailOf(fields: Record<string, string[]>): string {
    return Object.entries(fields)
        .map(([k, v]) => (k === "detail" ? v.join("; ") : `${k}: ${v.join("; ")}`))
        .join(", ");
}

export function describeHttpError(method: string, href: string, status: number, body: unknown): PulpError {
    const fields = fieldMessages(body);
    const detail = detailOf(fields);
    const dangling =
        status === 400 &&
        Object.values(fields)
            .flat()
            .some((m) => DANGLING.test(m));
    const why = dangling ? REFRESH_HINT : HINTS[status];
    const hint = why ? ` (${why})` : "";
    return new PulpError(
        `Pulp ${method} ${href} failed with HTTP ${status}${hint}${detail ? `: ${detail}` : ""}`,
        method,
        href,
        status,
        fields,
    );
}

/**
 * A 401/403: names the server and the user (never the password or session), which is all an
 * operator needs to find a typo in a password file or a missing role.
 */
export function authError(
    conn: { baseUrl: string; username: string },
    method: string,
    href: string,
    status: number,
    body: unknown,
): PulpError {
    const fields = fieldMessages(body);
    const detail = detailOf(fields);
    const fix = HINTS[status] ?? HINTS[403];
    return new PulpError(
        `Pulp at ${conn.baseUrl} refused user '${conn.username}' (HTTP ${status} on ${method} ${href}` +
            `${detail ? `: ${detail}` : ""}): ${fix}`,
        method,
        href,
        status,
        fields,
    );
}
