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
    ) {
        super(message);
        this.name = "PulpError";
    }

    get notFound(): boolean {
        return this.status === 404;
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

export function describeHttpError(method: string, href: string, status: number, body: unknown): PulpError {
    const fields = fieldMessages(body);
    const detail = Object.entries(fields)
        .map(([k, v]) => `${k}: ${v.join("; ")}`)
        .join(", ");
    const hint = HINTS[status] ? ` (${HINTS[status]})` : "";
    return new PulpError(
        `Pulp ${method} ${href} failed with HTTP ${status}${hint}${detail ? `: ${detail}` : ""}`,
        method,
        href,
        status,
        fields,
    );
}
