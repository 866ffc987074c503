import { PulpConnection } from "../client/connection";
import { PulpClient } from "../client/http";
import { stableJson } from "./fields";

// One client (one login session, one keep-alive pool, one task poller) per server per provider
// process: the engine calls the provider once per resource, thousands of times in a promotion.
const clients = new Map<string, PulpClient>();
const newClientHooks: ((c: PulpClient) => void)[] = [];
export function clientFor(conn: PulpConnection): PulpClient {
    const key = stableJson(conn);
    let c = clients.get(key);
    if (!c) {
        clients.set(key, (c = new PulpClient(conn)));
        for (const h of newClientHooks) h(c);
    }
    return c;
}

/** Runs `hook` on every client clientFor makes (the provider runtime reports long waits with it). */
export function onNewClient(hook: (c: PulpClient) => void): void {
    newClientHooks.push(hook);
}

/** What identifies the server and account; timeouts may change without touching any resource. */
export function connectionIdentity(c: PulpConnection | undefined): string {
    const { timeoutMs, taskTimeoutMs, ...id } = c ?? ({} as PulpConnection);
    void timeoutMs;
    void taskTimeoutMs;
    return stableJson(id);
}
