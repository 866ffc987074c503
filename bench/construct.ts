/**
 * Benchmark: construct the prod program (Ark + GitHub organisation) at production scale under
 * mocks. Metrics: construct_prod_scale_s (target < 5) and construct_prod_scale_rss_mb (< 1024),
 * beside the floor: as many trivial dynamic resources built the same way (the SDK's own cost per
 * resource), construct_floor_s / construct_floor_rss_mb and construct_prod_scale_vs_floor.
 * BENCH_SCALE=0.3 builds a fraction of it; BENCH_SMOKE=1 a tiny one (a smoke, not a measurement).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeProdScaleProject } from "./lib/prodScale";
import { Metric, round, runBenchmark } from "./lib/report";

interface Built {
    seconds: number;
    rssMb: number;
    resources: number;
}

/** One construction in its own process, so its peak RSS is its own. */
function construct(args: string[]): Built {
    const run = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", path.join(__dirname, "lib/constructWorker.ts"), ...args],
        { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) throw new Error(`construction (${args[0]}) failed:\n${run.stderr}`);
    return JSON.parse(run.stdout.trim().split("\n").pop()!);
}

async function benchConstruct(): Promise<Metric[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-bench-construct-"));
    try {
        const { clients } = writeProdScaleProject(dir);
        const ours = construct([dir, clients.join(",")]);
        // The mocks count the stack itself too; the floor declares the rest.
        const floor = construct(["--floor", String(ours.resources - 1)]);
        // Both wait for the engine's answers, not for their Outputs: make sure all were answered.
        if (floor.resources !== ours.resources - 1)
            throw new Error(`the floor registered ${floor.resources} of ${ours.resources - 1} resources`);
        return [
            { metric: "construct_prod_scale_s", value: round(ours.seconds), unit: "s", target: "< 5" },
            {
                metric: "construct_prod_scale_rss_mb",
                value: Math.round(ours.rssMb),
                unit: "MB",
                target: "< 1024",
            },
            { metric: "construct_prod_scale_resources", value: ours.resources, unit: "resources" },
            { metric: "construct_floor_s", value: round(floor.seconds), unit: "s" },
            { metric: "construct_floor_rss_mb", value: Math.round(floor.rssMb), unit: "MB" },
            {
                metric: "construct_prod_scale_vs_floor",
                value: round(ours.seconds / floor.seconds),
                unit: "x",
            },
        ];
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

runBenchmark("construct", benchConstruct);
