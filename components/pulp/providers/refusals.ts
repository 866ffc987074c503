import { PulpError } from "../client/errors";
import { Params, PulpClient } from "../client/http";
import { stableJson } from "./fields";

/**
 * Pulp refused a create because the natural key is taken: the message a look-up before every create
 * used to give, with the existing object found now (a look-up on the error path only). Any other
 * error is returned as it was.
 */
export async function alreadyExists(
    c: PulpClient,
    e: unknown,
    endpoint: string,
    key: Params,
    what: string,
): Promise<unknown> {
    const taken =
        e instanceof PulpError &&
        e.status === 400 &&
        Object.keys(key).some((k) => (e.fields[k] ?? []).some((m) => /unique|already exists/i.test(m)));
    if (!taken) return e;
    const existing = await c.findOne<{ pulp_href: string }>(endpoint, key).catch(() => undefined);
    return new PulpError(
        `a ${what} with ${stableJson(key)} already exists on ${c.conn.baseUrl} ` +
            `(${existing ? existing.pulp_href : "an object of another type holds the name"}): ` +
            `choose another name, or set adopt: true to manage the existing one`,
        "POST",
        endpoint,
        400,
        e.fields,
    );
}

/** A 404 on an object the state holds: what happened, and the command that fixes it. */
export function goneFromPulp(e: PulpError, id: string, what: string, server: string): PulpError {
    return new PulpError(
        `${what} (${id}) is in the stack's state but no longer on ${server} ` +
            `(${e.method} ${e.href}: HTTP 404; deleted outside Pulumi, or the server was reset?): run ` +
            `'pulumi refresh' (or 'pulumi up --refresh') so the stack forgets it, and the next update creates it again`,
        e.method,
        e.href,
        404,
    );
}
