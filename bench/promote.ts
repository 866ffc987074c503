/**
 * Benchmark: promote N snapshots (flip their content guard development → release) with
 * `pulumi up` on the real engine against a local Pulp, and back as `release-train up` does it (an
 * update plan, then `up` of it with the final checkpoint alone), having created the N first; in
 * the same run, on the same Pulp, the floor does both (a minimal concurrent client with session
 * auth, at its best concurrency). BENCH_PROMOTE_N sets N (default 300); BENCH_SMOKE=1 runs a tiny size.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { judgePlan, upEnvironment } from "../cli/updatePlan";
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
        say(`requests of the creates: ${proxy.breakdown()}`);
        proxy.reset();

        released = true;
        const t1 = Date.now();
        const promoted = await stack.up({ parallel: 32 });
        const promote = (Date.now() - t1) / 1000;
        const c = changes(promoted.summary);
        if (c.update !== N) throw new Error(`expected ${N} guard flips, got ${JSON.stringify(c)}`);
        const perFlip = proxy.count() / N;
        say(`requests of the checkpointed flips: ${proxy.breakdown()}`);
        const client = new PulpClient(connectionOf(pulp));
        const sample = await client.findOne<{ content_guard: string }>("distributions/file/file/", {
            name: `bench-${N - 1}`,
        });
        const rel = await client.findOne<{ pulp_href: string }>("contentguards/core/rbac/", {
            name: "release",
        });
        if (sample?.content_guard !== rel?.pulp_href) throw new Error("promotion did not reach Pulp");
        const logins = proxy.logins();

        // Back again as `release-train up` runs it (cli/planUp.ts): a preview saving the plan, then
        // `up` of that plan, which keeps only the final checkpoint because every change is a flip.
        released = false;
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-bench-plan-"));
        const plan = path.join(dir, "plan.json");
        const t2 = Date.now();
        await stack.preview({ parallel: 32, plan });
        const planPreview = (Date.now() - t2) / 1000;
        const verdict = judgePlan(JSON.parse(fs.readFileSync(plan, "utf8")), plan);
        if (!verdict.redoable || verdict.changes !== N)
            throw new Error(`expected ${N} flips and nothing else, got ${JSON.stringify(verdict)}`);
        const ws = stack.workspace as LocalWorkspace;
        const before = { ...ws.envVars };
        Object.assign(ws.envVars, upEnvironment(verdict, {}));
        proxy.reset();
        const t3 = Date.now();
        const planned = await stack.up({ parallel: 32, plan });
        const promotePlanned = (Date.now() - t3) / 1000;
        for (const k of Object.keys(ws.envVars)) if (!(k in before)) delete ws.envVars[k];
        fs.rmSync(dir, { recursive: true, force: true });
        const back = changes(planned.summary);
        if (back.update !== N) throw new Error(`expected ${N} planned flips, got ${JSON.stringify(back)}`);
        const perPlannedFlip = proxy.count() / N;
        say(`requests of the planned flips: ${proxy.breakdown()}`);
        // The one checkpoint at the end holds every flip: nothing is left to change.
        const again = await stack.preview({ parallel: 32 });
        if (changes({ resourceChanges: again.changeSummary }).update)
            throw new Error(
                `after the planned flips the state still differs: ${JSON.stringify(again.changeSummary)}`,
            );
        return { create, promote, promotePlanned, planPreview, perCreated, perFlip, perPlannedFlip, logins };
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
                `flipped in ${o.promote.toFixed(1)}s with a checkpoint per step (${o.perFlip.toFixed(2)} requests each), ${o.logins} login(s); ` +
                `back in ${o.promotePlanned.toFixed(1)}s as release-train up does (preview with plan ${o.planPreview.toFixed(1)}s; ${o.perPlannedFlip.toFixed(2)} requests each)`,
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
            // As operators promote: `release-train up` (the plan's update, its preview beside it).
            {
                metric: `promote_${N}_vs_floor`,
                value: round(o.promotePlanned / flip),
                unit: "x",
                target: "<= 1.3",
            },
            { metric: `promote_${N}_snapshots_s`, value: round(o.promotePlanned, 1), unit: "s" },
            { metric: `promote_${N}_plan_preview_s`, value: round(o.planPreview, 1), unit: "s" },
            // The whole command, its preview too: what the operator waits for.
            {
                metric: `promote_${N}_with_preview_vs_floor`,
                value: round((o.planPreview + o.promotePlanned) / flip),
                unit: "x",
            },
            // Plain `pulumi up`: the engine rewrites the state twice per flip.
            { metric: `promote_${N}_checkpointed_s`, value: round(o.promote, 1), unit: "s" },
            { metric: `promote_${N}_checkpointed_vs_floor`, value: round(o.promote / flip), unit: "x" },
            { metric: `create_${N}_vs_floor`, value: round(o.create / create.seconds), unit: "x" },
            { metric: `promote_${N}_floor_s`, value: round(flip, 1), unit: "s" },
            { metric: `promote_${N}_floor_concurrency`, value: flipConcurrency, unit: "requests in flight" },
            { metric: `create_${N}_snapshots_s`, value: round(o.create, 1), unit: "s" },
            { metric: `create_${N}_floor_s`, value: round(create.seconds, 1), unit: "s" },
            {
                metric: `create_${N}_floor_concurrency`,
                value: create.concurrency,
                unit: "requests in flight",
            },
            { metric: "requests_per_flip", value: round(o.perPlannedFlip), unit: "requests" },
            { metric: "requests_per_checkpointed_flip", value: round(o.perFlip), unit: "requests" },
            { metric: "requests_per_created_distribution", value: round(o.perCreated), unit: "requests" },
        ];
    } finally {
        stopPulp(INSTANCE);
    }
}

if (require.main === module) runBenchmark("promote", benchPromote);
