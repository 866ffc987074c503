import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Ledger, loadLedger, recordSnapshot } from "../../../model/ledger";
import { ledgerLockPaths, updateLedger, withLedgerLock } from "../../../model/ledgerLock";

jest.setTimeout(60_000);
const D = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;
const id = (n: number) => `2026010${1 + Math.floor(n / 60)}T0000${String(n % 60).padStart(2, "0")}`;
const tmpLedger = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rt-lock-")), "ledger.yaml");

test("writers that each hold an old copy lose nothing: every write re-reads under the lock", async () => {
    const file = tmpLedger();
    // Two syncs of different groups, each recording its snapshots as they appear.
    const writer = async (short: string, first: number) => {
        for (let i = 0; i < 15; i++) {
            const entry = { id: id(first + i), version: i + 1, digest: D(first + i) };
            await updateLedger(file, (current) => recordSnapshot(current, short, entry));
        }
    };
    await Promise.all([writer("a", 0), writer("b", 100), writer("c", 200)]);
    const ledger = loadLedger(file);
    expect(Object.fromEntries(Object.entries(ledger).map(([k, v]) => [k, v.length]))).toEqual({
        a: 15,
        b: 15,
        c: 15,
    });
    expect(fs.existsSync(ledgerLockPaths(file).lock)).toBe(false);
    expect(fs.existsSync(ledgerLockPaths(file).holder)).toBe(false);
});

test("recording a version twice keeps one entry", () => {
    const e = { id: id(1), version: 1, digest: D(1) };
    const once: Ledger = recordSnapshot({}, "a", e);
    expect(recordSnapshot(once, "a", e)).toBe(once);
});

test("a writer waiting on a live holder names it, then gives up with the fix", async () => {
    const file = tmpLedger();
    let done!: () => void;
    const holding = new Promise<void>((r) => (done = r));
    let held!: () => void;
    const acquired = new Promise<void>((r) => (held = r));
    const holder = withLedgerLock(file, async () => {
        held();
        await holding;
    });
    await acquired;
    const said: string[] = [];
    const waiting = updateLedger(file, (l) => l, { waitMs: 1500, say: (l) => said.push(l) });
    await expect(waiting).rejects.toThrow(
        new RegExp(
            `^the ledger ${file} is locked by '.*' \\(pid ${process.pid} on ${os.hostname()}, running since \\d{4}-\\d\\d-\\d\\dT[^)]+\\): wait for it to finish, or stop it`,
        ),
    );
    expect(said).toEqual([
        expect.stringMatching(
            /^waiting for the ledger lock .*ledger\.yaml\.lock, held by '.*' \(pid \d+ on /,
        ),
    ]);
    done();
    await holder;
});

test("a lock whose holder stopped refreshing it is taken over, with a line saying so", async () => {
    const file = tmpLedger();
    const { lock, holder } = ledgerLockPaths(file);
    fs.mkdirSync(lock);
    fs.writeFileSync(
        holder,
        JSON.stringify({
            pid: 999999,
            host: "gone-host",
            command: "release-train sync --group a",
            since: "2026-01-01T00:00:00.000Z",
        }),
    );
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const said: string[] = [];
    await updateLedger(file, (l) => recordSnapshot(l, "a", { id: id(1), version: 1, digest: D(1) }), {
        staleMs: 10_000,
        say: (l) => said.push(l),
    });
    expect(said).toEqual([
        expect.stringMatching(
            /^took over the ledger lock .*ledger\.yaml\.lock from 'release-train sync --group a' \(pid 999999 on gone-host, running since 2026-01-01T00:00:00\.000Z\): it had not refreshed the lock for (59|60|61) s, so it is gone$/,
        ),
    ]);
    expect(loadLedger(file).a).toHaveLength(1);
    expect(fs.existsSync(lock)).toBe(false);
});
