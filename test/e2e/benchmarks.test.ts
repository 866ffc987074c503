import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../harness/pulp";

// Every benchmark, found by name so a new one is covered without touching this file, runs once at
// a tiny size (BENCH_SMOKE=1) so none can rot between benchmark runs. Its metric lines must parse;
// how fast it was is the benchmark's business, never a test's.
const BENCH = path.join(ROOT, "bench");
const benchmarks = fs
    .readdirSync(BENCH)
    .filter((f) => f.endsWith(".ts"))
    .sort();
jest.setTimeout(1_200_000);

function smoke(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(BENCH, file)],
            { cwd: ROOT, env: { ...process.env, BENCH_SMOKE: "1" }, maxBuffer: 1 << 26, timeout: 1_100_000 },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

test("the benchmarks are found", () => {
    expect(benchmarks).toEqual(expect.arrayContaining(["converge.ts", "promote.ts"]));
});

test.each(benchmarks)("bench/%s runs at a tiny size and prints well-formed metrics", async (file) => {
    const r = await smoke(file);
    if (r.code !== 0) throw new Error(`bench/${file} exited with ${r.code}:\n${r.stderr.slice(-4000)}`);
    const lines = r.stdout.split("\n").filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
        let m: { metric?: unknown; value?: unknown; unit?: unknown };
        try {
            m = JSON.parse(line);
        } catch {
            throw new Error(`bench/${file} printed a line that is not a JSON metric: ${line}`);
        }
        expect(typeof m.metric).toBe("string");
        expect(typeof m.unit).toBe("string");
        expect(Number.isFinite(m.value)).toBe(true);
    }
});
