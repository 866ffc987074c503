import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PulpConnection } from "../../components/pulp/client/connection";

export const ROOT = path.resolve(__dirname, "../..");

export interface PulpInstance {
    name: string;
    apiUrl: string;
    contentUrl: string;
    username: string;
    password: string;
    logDir: string;
    fixturesDir: string;
    /** The instance's TLS front (scripts/pulp-dev front), once started. */
    frontUrl?: string;
}

function pulpDev(args: string[], env: Record<string, string> = {}): string {
    // An explicit env: under jest, assignments to process.env do not reach child processes.
    return execFileSync(path.join(ROOT, "scripts/pulp-dev"), args, {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, ...env },
    });
}

/** Starts (or finds running) a named Pulp server on loopback; `env` adds Pulp settings (PULP_*) for a new one. */
export function startPulp(name: string, env?: Record<string, string>): PulpInstance {
    const s = JSON.parse(pulpDev(["start", name], env).trim().split("\n").pop()!);
    return { ...s, password: fs.readFileSync(s.passwordFile, "utf8") };
}

/**
 * Puts nginx in front of an instance (scripts/pulp-dev front): TLS with the server certificate in
 * tlsDir, client certificates signed by tlsDir/ca.pem required. Answers the instance with frontUrl.
 */
export function startFront(name: string, tlsDir: string): PulpInstance {
    const s = JSON.parse(pulpDev(["front", name, tlsDir]).trim().split("\n").pop()!);
    return { ...s, password: fs.readFileSync(s.passwordFile, "utf8") };
}

export function stopPulp(name: string): void {
    pulpDev(["stop", name]);
}

export function connectionOf(p: PulpInstance, extra: Partial<PulpConnection> = {}): PulpConnection {
    return { baseUrl: p.apiUrl, username: p.username, password: p.password, ...extra };
}

export function logTail(p: PulpInstance, lines = 40): string {
    return fs
        .readdirSync(p.logDir)
        .filter((f) => f.endsWith(".log"))
        .map((f) => {
            const text = fs.readFileSync(path.join(p.logDir, f), "utf8").split("\n").slice(-lines).join("\n");
            return `--- ${path.join(p.logDir, f)} (last ${lines} lines) ---\n${text}`;
        })
        .join("\n");
}

/** The servers the global setup started for this run. */
const RUN_FILE = path.join(process.env.RT_STATE ?? path.join(ROOT, ".pulumi"), "test-pulp.json");
export const TEST_INSTANCES = { ark: "test-ark", client: "test-client" } as const;

export function writeRunFile(instances: Record<string, PulpInstance>): void {
    fs.mkdirSync(path.dirname(RUN_FILE), { recursive: true });
    fs.writeFileSync(RUN_FILE, JSON.stringify(instances), { mode: 0o600 });
}

export function testPulp(which: keyof typeof TEST_INSTANCES): PulpInstance {
    const all = JSON.parse(fs.readFileSync(RUN_FILE, "utf8"));
    return all[which];
}

/** Wraps a test body so a failure carries the tail of the Pulp server's logs. */
export function withPulpLogs<T>(p: PulpInstance, fn: () => Promise<T>): () => Promise<T> {
    return async () => {
        try {
            return await fn();
        } catch (e) {
            if (e instanceof Error) e.message += `\n${logTail(p)}`;
            throw e;
        }
    };
}

/** Names unique to one test run, so tests sharing a server never collide. */
export function uniq(prefix: string): string {
    return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Stops an instance's workers (and waits until they are gone), leaving the API and content app up. */
export async function stopWorkers(p: PulpInstance): Promise<void> {
    const pidDir = path.join(path.dirname(p.logDir), "pids");
    const pids = fs
        .readdirSync(pidDir)
        .filter((f) => f.startsWith("worker-"))
        .map((f) => Number(fs.readFileSync(path.join(pidDir, f), "utf8")));
    for (const pid of pids) process.kill(-pid, "SIGTERM");
    const alive = (pid: number) => {
        try {
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    };
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    if (pids.some(alive)) throw new Error(`workers of ${p.name} did not stop`);
}
