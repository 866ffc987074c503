/**
 * Benchmark: promote N snapshots (flip their content guard development → release) with
 * `pulumi up` on the real engine against a local Pulp, and create the N distributions first; in
 * the same run, on the same Pulp, the floor does both (a minimal concurrent client with session
 * auth, at its best concurrency). BENCH_PROMOTE_N sets N (default 300); BENCH_SMOKE=1 runs a tiny size.
 */
import { ContentGuard, Distribution } from "../components/pulp";
import { PulpClient } from "../components/pulp/client/http";
import { limitStackTraces } from "../stacks/stackTraces";
import { changes, inlineStack } from "../test/harness/engine";
import { connectionOf, PulpInstance, startPulp, stopPulp } from "../test/harness/pulp";
import { countingProxy } from "./lib/countingProxy";
import { atBestConcurrency, FloorClient, timedConcurrent } from "./lib/floorClient";
import { assertCount, Metric, round, runBenchmark, SMOKE } from "./lib/report";

const N = SMOKE ? 3 : Number(process.env.BENCH_PROMOTE_N ?? 300);
const CONCURRENCIES = SMOKE ? [2] : [4, 8, 16];
const INSTANCE = "bench-promote";
const say = (s: string) => process.stderr.write(`${s}\n`);

/** One publication serves every distribution: the benchmark measures guards and distributions, not publishing. */
async function publication(pulp: PulpInstance): Promise<string> {
    const client = new PulpClient(connectionOf(pulp));
    const repo = (
        await client.write<{ pulp_href: string }>("POST", "repositories/file/file/", { name: "bench" })
    ).data;
    const pub = await client.write("POST", "publications/file/file/", {
        repository_version: `${repo.pulp_href}versions/0/`,
    });
    return pub.task!.created_resources!.find((h) => h.includes("/publications/"))!;
}

async function ours(pulp: PulpInstance, publication: string) {
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const connection = { ...connectionOf(pulp), baseUrl: proxy.url };
        let released = false;
        const stack = await inlineStack("rt-bench-promote", "bench", async () => {
            limitStackTraces(); // as the stack entry point (stacks/index.ts) does
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
        });
        const t0 = Date.now();
        const created = await stack.up({ parallel: 32 });
        const create = (Date.now() - t0) / 1000;
        if (changes(created.summary).create !== N + 3)
            throw new Error(
                `expected ${N} distributions and 2 guards, got ${JSON.stringify(changes(created.summary))}`,
            );
        // Less the two guards' creates (and the roles of none): requests per distribution.
        const perCreated = (proxy.count() - 2) / N;
        proxy.reset();

        released = true;
        const t1 = Date.now();
        const promoted = await stack.up({ parallel: 32 });
        const promote = (Date.now() - t1) / 1000;
        const c = changes(promoted.summary);
        if (c.update !== N) throw new Error(`expected ${N} guard flips, got ${JSON.stringify(c)}`);
        const perFlip = proxy.count() / N;
        const client = new PulpClient(connectionOf(pulp));
        const sample = await client.findOne<{ content_guard: string }>("distributions/file/file/", {
            name: `bench-${N - 1}`,
        });
        const rel = await client.findOne<{ pulp_href: string }>("contentguards/core/rbac/", {
            name: "release",
        });
        if (sample?.content_guard !== rel?.pulp_href) throw new Error("promotion did not reach Pulp");
        return { create, promote, perCreated, perFlip, logins: proxy.logins() };
    } finally {
        proxy.close();
    }
}

/**
 * The floor creates N distributions behind one guard, then flips them to another, at one
 * concurrency; through the same counting proxy as ours, so both pay the same transport.
 */
async function floorAt(pulp: PulpInstance, publication: string, concurrency: number) {
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const c = await FloorClient.login(proxy.url, pulp.username, pulp.password);
        const p = `floor${concurrency}`;
        const [dev, rel] = await Promise.all(
            ["dev", "rel"].map(
                async (g) =>
                    (await c.write("POST", "contentguards/core/rbac/", { name: `${p}-${g}` })).pulp_href,
            ),
        );
        const hrefs: string[] = [];
        const create = await timedConcurrent(N, concurrency, async (i) => {
            const r = await c.write("POST", "distributions/file/file/", {
                name: `${p}-${i}`,
                base_path: `${p}/${i}`,
                publication,
                content_guard: dev,
            });
            hrefs[i] = r.task!.created_resources!.find((h) => h.includes("/distributions/"))!;
        });
        proxy.reset();
        const flip = await timedConcurrent(N, concurrency, async (i) => {
            await c.write("PATCH", hrefs[i], { content_guard: rel });
        });
        say(`floor at ${concurrency}: ${(proxy.count() / N).toFixed(2)} requests per flip`);
        return { create, flip };
    } finally {
        proxy.close();
    }
}

export async function benchPromote(): Promise<Metric[]> {
    const pulp = startPulp(INSTANCE);
    try {
        const pub = await publication(pulp);
        const o = await ours(pulp, pub);
        say(
            `ours: created ${N} in ${o.create.toFixed(1)}s (${o.perCreated.toFixed(2)} requests each), ` +
                `flipped in ${o.promote.toFixed(1)}s (${o.perFlip.toFixed(2)} requests each), ${o.logins} login(s)`,
        );
        assertCount(o.logins === 1, `expected one login for the promoting run, got ${o.logins}`);

        const runs: Record<number, { create: number; flip: number }> = {};
        const create = await atBestConcurrency(
            CONCURRENCIES,
            async (c) => (runs[c] = await floorAt(pulp, pub, c)).create,
        );
        const flips = Object.entries(runs).map(([c, r]) => [Number(c), r.flip] as const);
        const [flipConcurrency, flip] = flips.reduce((a, b) => (b[1] < a[1] ? b : a));
        say(`floor flips: ${flips.map(([c, s]) => `${s.toFixed(1)}s at ${c}`).join(", ")}`);
        // No destroy: stopping the benchmark's own Pulp removes everything.
        return [
            { metric: `promote_${N}_vs_floor`, value: round(o.promote / flip), unit: "x", target: "<= 1.3" },
            { metric: `create_${N}_vs_floor`, value: round(o.create / create.seconds), unit: "x" },
            { metric: `promote_${N}_snapshots_s`, value: round(o.promote, 1), unit: "s" },
            { metric: `promote_${N}_floor_s`, value: round(flip, 1), unit: "s" },
            { metric: `promote_${N}_floor_concurrency`, value: flipConcurrency, unit: "requests in flight" },
            { metric: `create_${N}_snapshots_s`, value: round(o.create, 1), unit: "s" },
            { metric: `create_${N}_floor_s`, value: round(create.seconds, 1), unit: "s" },
            {
                metric: `create_${N}_floor_concurrency`,
                value: create.concurrency,
                unit: "requests in flight",
            },
            { metric: "requests_per_flip", value: round(o.perFlip), unit: "requests" },
            { metric: "requests_per_created_distribution", value: round(o.perCreated), unit: "requests" },
        ];
    } finally {
        stopPulp(INSTANCE);
    }
}

if (require.main === module) runBenchmark("promote", benchPromote);
