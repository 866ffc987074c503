import * as fs from "fs";
import * as path from "path";

export interface Metric {
    metric: string;
    value: number;
    unit: string;
    /** The goal, for the reader, e.g. "<= 1.3". */
    target?: string;
}

/** BENCH_SMOKE=1: a tiny size that runs in seconds, so `npm test` keeps every benchmark working. */
export const SMOKE = process.env.BENCH_SMOKE === "1";

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs a benchmark as a script: one JSON line per metric on stdout (everything else goes to
 * stderr), and bench/results/<name>.json, except for a smoke run.
 */
export function runBenchmark(name: string, bench: () => Promise<Metric[]>): void {
    bench().then(
        (metrics) => {
            for (const m of metrics) console.log(JSON.stringify(m));
            if (SMOKE) return;
            const dir = path.join(__dirname, "..", "results");
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(metrics, null, 2) + "\n");
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
