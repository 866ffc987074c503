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

const broken: string[] = [];
/**
 * A count the benchmark asserts (requests per object, logins): recorded, so the run still reports
 * every metric, then fails.
 */
export function assertCount(ok: boolean, message: string): void {
    if (!ok) broken.push(message);
}

/**
 * Runs a benchmark as a script: one JSON line per metric on stdout (everything else goes to
 * stderr), and bench/results/<name>.json, except for a smoke run.
 */
export function runBenchmark(name: string, bench: () => Promise<Metric[]>): void {
    bench().then(
        (metrics) => {
            for (const m of metrics) console.log(JSON.stringify(m));
            if (!SMOKE) {
                const dir = path.join(__dirname, "..", "results");
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(metrics, null, 2) + "\n");
            }
            if (broken.length) {
                console.error(`${name}: ${broken.join("; ")}`);
                process.exit(1);
            }
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
