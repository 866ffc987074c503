import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import lockfile from "proper-lockfile";
import { Ledger, loadLedger, saveLedger } from "./ledger";

/**
 * Every writer of a ledger (each sync, prune) holds this lock while it re-reads, changes and
 * writes the file, so two commands at once never lose each other's entries. The lock is a
 * directory beside the ledger (proper-lockfile: atomic mkdir, refreshed while held); who holds it
 * is written next to it, for the message another writer prints.
 */
export interface LedgerLockOptions {
    /** How long to wait for another writer before giving up (default two minutes). */
    readonly waitMs?: number;
    /** A holder that has not refreshed the lock for this long is gone, and is taken over. */
    readonly staleMs?: number;
    /** Where to say that we wait, or that we took over a stale lock. */
    readonly say?: (line: string) => void;
}

interface Holder {
    readonly pid: number;
    readonly host: string;
    readonly command: string;
    readonly since: string;
}

export function ledgerLockPaths(file: string): { lock: string; holder: string } {
    return { lock: `${file}.lock`, holder: `${file}.lock-holder.json` };
}

function readHolder(file: string): Holder | undefined {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as Holder;
    } catch {
        return undefined; // not written yet, or being replaced: the message says so
    }
}

export function describeHolder(h: Holder | undefined): string {
    return h
        ? `'${h.command}' (pid ${h.pid} on ${h.host}, running since ${h.since})`
        : "another process (it has not written who it is yet)";
}

/** The lock's age when it is stale (its holder stopped refreshing it), else undefined. */
function staleAge(lock: string, staleMs: number): number | undefined {
    try {
        const age = Date.now() - fs.statSync(lock).mtimeMs;
        return age > staleMs ? age : undefined;
    } catch {
        return undefined;
    }
}

const me = (): Holder => ({
    pid: process.pid,
    host: os.hostname(),
    command: ["release-train", ...process.argv.slice(2)].join(" "),
    since: new Date(Date.now() - process.uptime() * 1000).toISOString(),
});

/** Runs fn while holding the ledger's lock; waits for another holder, takes over a stale one. */
export async function withLedgerLock<T>(
    file: string,
    fn: () => T | Promise<T>,
    o: LedgerLockOptions = {},
): Promise<T> {
    const paths = ledgerLockPaths(file);
    const staleMs = o.staleMs ?? 10_000;
    const say = o.say ?? (() => undefined);
    const start = Date.now();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let compromised: Error | undefined;
    let waited = false;
    let release!: () => Promise<void>;
    for (;;) {
        const age = staleAge(paths.lock, staleMs);
        const previous = age === undefined ? undefined : readHolder(paths.holder);
        try {
            release = await lockfile.lock(file, {
                lockfilePath: paths.lock,
                realpath: false,
                stale: staleMs,
                update: Math.max(1000, Math.floor(staleMs / 4)),
                onCompromised: (e) => (compromised = e),
            });
            if (age !== undefined)
                say(
                    `took over the ledger lock ${paths.lock} from ${describeHolder(previous)}: ` +
                        `it had not refreshed the lock for ${Math.round(age / 1000)} s, so it is gone`,
                );
            break;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ELOCKED") throw e;
            const holder = describeHolder(readHolder(paths.holder));
            if (Date.now() - start > (o.waitMs ?? 120_000))
                throw new Error(
                    `the ledger ${file} is locked by ${holder}: wait for it to finish, or stop it ` +
                        `(a holder that stops is taken over ${staleMs / 1000} s after its last refresh of ${paths.lock})`,
                );
            if (!waited && Date.now() - start > 1000) {
                say(`waiting for the ledger lock ${paths.lock}, held by ${holder}`);
                waited = true;
            }
            await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
        }
    }
    const tmp = `${paths.holder}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(me()));
    fs.renameSync(tmp, paths.holder);
    try {
        const out = await fn();
        if (compromised)
            throw new Error(
                `lost the ledger lock ${paths.lock} while writing (${compromised.message}): run again`,
            );
        return out;
    } finally {
        if (readHolder(paths.holder)?.pid === process.pid) fs.rmSync(paths.holder, { force: true });
        await release().catch(() => undefined); // a compromised lock is already released
    }
}

/**
 * Re-reads the ledger under the lock, applies the change and writes it: whatever another writer
 * recorded meanwhile is kept.
 */
export async function updateLedger(
    file: string,
    change: (current: Ledger) => Ledger,
    o: LedgerLockOptions = {},
): Promise<Ledger> {
    return withLedgerLock(
        file,
        () => {
            const next = change(loadLedger(file));
            saveLedger(file, next);
            return next;
        },
        o,
    );
}
