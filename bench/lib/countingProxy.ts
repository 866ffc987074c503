import { recordingProxy } from "../../test/harness/recordingProxy";

/**
 * A loopback HTTP proxy in front of one server that counts requests, logins apart (the providers
 * run in the engine's provider process, out of the benchmark's reach).
 */
export async function countingProxy(target: string): Promise<{
    url: string;
    /** Requests other than logins. */
    count(): number;
    logins(): number;
    reset(): void;
    close(): void;
}> {
    const p = await recordingProxy(target);
    const logins = () => p.seen.filter((s) => s.path.endsWith("/login/")).length;
    return {
        url: p.url,
        count: () => p.seen.length - logins(),
        logins,
        reset: () => void p.seen.splice(0),
        close: p.close,
    };
}
