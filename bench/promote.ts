/**
 * Benchmark: promote N snapshots (flip their content guard development → release) with
 * `pulumi up` on the real engine against a local Pulp. Metric: promote_1000_snapshots_s (< 60).
 */
import * as fs from "fs";
import * as path from "path";
import { ContentGuard, Distribution } from "../components/pulp";
import { PulpClient } from "../components/pulp/client/http";
import { changes, inlineStack } from "../test/harness/engine";
import { connectionOf, startPulp, stopPulp } from "../test/harness/pulp";

const N = Number(process.env.BENCH_PROMOTE_N ?? 1000);
const INSTANCE = "bench-promote";

export async function benchPromote(): Promise<{ metric: string; value: number; unit: string }[]> {
    const pulp = startPulp(INSTANCE);
    try {
        const connection = connectionOf(pulp);
        const client = new PulpClient(connection);
        // One publication serves every distribution: the benchmark measures guard flips, not publishing.
        const repo = (
            await client.write<{ pulp_href: string }>("POST", "repositories/file/file/", { name: "bench" })
        ).data;
        const pubTask = await client.write("POST", "publications/file/file/", {
            repository_version: `${repo.pulp_href}versions/0/`,
        });
        const publication = pubTask.task!.created_resources!.find((h) => h.includes("/publications/"))!;

        let released = false;
        const program = async () => {
            const dev = new ContentGuard("dev", { connection, guard_type: "rbac", name: "development" });
            const rel = new ContentGuard("rel", { connection, guard_type: "rbac", name: "release" });
            for (let i = 0; i < N; i++) {
                new Distribution(`snap-${i}`, {
                    connection,
                    plugin: "file",
                    name: `bench-${i}`,
                    base_path: `bench/${i}`,
                    publication,
                    content_guard: (released ? rel : dev).pulp_href,
                });
            }
        };
        const stack = await inlineStack("rt-bench-promote", "bench", program);
        const t0 = Date.now();
        const created = await stack.up({ parallel: 32 });
        const setup = (Date.now() - t0) / 1000;
        process.stderr.write(`created ${JSON.stringify(changes(created.summary))} in ${setup.toFixed(1)}s\n`);

        released = true;
        const t1 = Date.now();
        const promoted = await stack.up({ parallel: 32 });
        const seconds = (Date.now() - t1) / 1000;
        const c = changes(promoted.summary);
        if (c.update !== N) throw new Error(`expected ${N} guard flips, got ${JSON.stringify(c)}`);
        const sample = await client.findOne<{ content_guard: string }>("distributions/file/file/", {
            name: `bench-${N - 1}`,
        });
        if (!sample?.content_guard?.includes("/rbac/")) throw new Error("promotion did not reach Pulp");
        // No destroy: deleting 1,000 distributions is another long run of tasks, and stopping the
        // benchmark's own Pulp instance removes everything anyway.
        return [
            { metric: `promote_${N}_snapshots_s`, value: Math.round(seconds * 10) / 10, unit: "s" },
            { metric: `create_${N}_snapshots_s`, value: Math.round(setup * 10) / 10, unit: "s" },
        ];
    } finally {
        stopPulp(INSTANCE);
    }
}

if (require.main === module) {
    benchPromote().then(
        (metrics) => {
            fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
            for (const m of metrics) console.log(JSON.stringify(m));
            fs.writeFileSync(
                path.join(__dirname, "results", "promote.json"),
                JSON.stringify(metrics, null, 2),
            );
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
