/**
 * Benchmark: construct the prod program (Ark + GitHub organisation) at production scale under
 * mocks. Metrics: construct_prod_scale_s (target < 5) and construct_prod_scale_rss_mb (< 1024).
 * BENCH_SCALE=0.3 builds a fraction of it; BENCH_SMOKE=1 a tiny one (a smoke, not a measurement).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeProdScaleProject } from "./lib/prodScale";

function main() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-bench-construct-"));
    try {
        const { clients } = writeProdScaleProject(dir);
        const run = spawnSync(
            process.execPath,
            [
                "-r",
                "ts-node/register/transpile-only",
                path.join(__dirname, "lib/constructWorker.ts"),
                dir,
                clients.join(","),
            ],
            { encoding: "utf8", maxBuffer: 1 << 24 },
        );
        if (run.status !== 0) throw new Error(`construction failed:\n${run.stderr}`);
        const r = JSON.parse(run.stdout.trim().split("\n").pop()!);
        const metrics = [
            {
                metric: "construct_prod_scale_s",
                value: Math.round(r.seconds * 100) / 100,
                unit: "s",
                target: 5,
            },
            { metric: "construct_prod_scale_rss_mb", value: Math.round(r.rssMb), unit: "MB", target: 1024 },
            { metric: "construct_prod_scale_resources", value: r.resources, unit: "resources" },
        ];
        for (const m of metrics) console.log(JSON.stringify(m));
        // A smoke's numbers are not results.
        if (process.env.BENCH_SMOKE !== "1") {
            fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
            fs.writeFileSync(
                path.join(__dirname, "results/construct.json"),
                JSON.stringify(metrics, null, 2) + "\n",
            );
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main();
