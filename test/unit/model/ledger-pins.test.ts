import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CatalogueEntry } from "../../../model/catalogue";
import { ledgerProblems, loadLedger, saveLedger } from "../../../model/ledger";
import { loadPins, pinnedSnapshots, pinProblems } from "../../../model/pins";
import { pruneLedger } from "../../../model/retention";
import { snapshotIdOf } from "../../../model/snapshotId";

const D = (c: string) => `sha256:${c.repeat(64)}`;
const entry = (short: string) => ({ short_name: short }) as CatalogueEntry;

test("snapshot ids are the UTC creation time", () => {
    expect(snapshotIdOf("2026-11-25T01:02:03.456789+00:00")).toBe("20261125T010203");
    expect(snapshotIdOf("2026-11-25T03:02:03+02:00")).toBe("20261125T010203");
});

test("the ledger round-trips through YAML and its rules name repository and snapshot", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rt-ledger-")), "ledger.yaml");
    saveLedger(file, {
        b: [{ id: "20260102T000000", version: 2, digest: D("b") }],
        a: [{ id: "20260101T000000", version: 1, digest: D("a") }],
    });
    expect(fs.readFileSync(file, "utf8")).toMatch(/^# Snapshot ledger.*\nsnapshots:\n {2}a:\n/);
    const ledger = loadLedger(file);
    expect(ledger.a[0]).toEqual({ id: "20260101T000000", version: 1, digest: D("a") });
    expect(ledgerProblems(ledger, [entry("a"), entry("b")])).toEqual([]);

    const bad = {
        a: [
            { id: "20260102T000000", version: 5, digest: D("a") },
            { id: "20260101T000000", version: 4, digest: D("a") },
        ],
    };
    expect(ledgerProblems(bad, [], "ledger.yaml")).toEqual([
        "ledger.yaml: a: not in the catalogue (add it there, or remove its snapshots)",
        "ledger.yaml: a: snapshot 20260101T000000 is listed after 20260102T000000: keep ids unique and in order",
        "ledger.yaml: a: snapshot 20260101T000000 is version 4, not after 20260102T000000's version 5",
    ]);
});

test("pins must name snapshots in the ledger; pinned ones are promoted", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-pins-"));
    fs.writeFileSync(
        path.join(dir, "site-a.yaml"),
        "repositories:\n  a: 20260101T000000\n  b: 20990101T000000\n",
    );
    const pins = loadPins(dir);
    const ledger = {
        a: [{ id: "20260101T000000", version: 1, digest: D("a") }],
        b: [{ id: "20260102T000000", version: 2, digest: D("b") }],
    };
    expect(pinProblems(pins, ledger)).toEqual([
        `client 'site-a' (${dir}/site-a.yaml) pins b to 20990101T000000, which is not in the ledger (known: 20260102T000000)`,
    ]);
    expect([...pinnedSnapshots(pins)]).toEqual(["a/20260101T000000", "b/20990101T000000"]);
});

test("retention drops old unpinned snapshots, never the newest nor a pinned one", () => {
    const ledger = {
        a: [
            { id: "20250101T000000", version: 1, digest: D("1") },
            { id: "20250201T000000", version: 2, digest: D("2") },
            { id: "20250301T000000", version: 3, digest: D("3") },
            { id: "20261120T000000", version: 4, digest: D("4") },
        ],
        b: [{ id: "20250101T000000", version: 1, digest: D("5") }],
    };
    const pins = [{ client: "c", file: "c.yaml", repositories: { a: "20250201T000000" }, production: {} }];
    const r = pruneLedger(ledger, pins, 30, new Date("2026-11-25T00:00:00Z"));
    expect(r.ledger.a.map((e) => e.version)).toEqual([2, 4]);
    expect(r.ledger.b.map((e) => e.version)).toEqual([1]);
    expect(r.dropped.map((d) => `${d.short_name}/${d.entry.id}`)).toEqual([
        "a/20250101T000000",
        "a/20250301T000000",
    ]);
    // What a site's production serves is pinned too: never pruned while it is.
    const withProduction = [{ ...pins[0], production: { a: "20250101T000000" } }];
    expect(
        pruneLedger(ledger, withProduction, 30, new Date("2026-11-25T00:00:00Z")).dropped.map(
            (d) => d.entry.id,
        ),
    ).toEqual(["20250301T000000"]);
    expect(() => pruneLedger(ledger, pins, 0)).toThrow("retentionDays must be a whole number ≥ 1 (got 0)");
});
