/**
 * Benchmark: converge N file repositories + remotes + distributions from empty with `pulumi up`
 * on the real engine, then a no-op refresh; in the same run, on the same Pulp, the floor (a minimal
 * concurrent client with session auth, at its best concurrency), pulp-glue (one process, sequential,
 * as the Ansible modules do) and pulp-cli (one command per object, as operators run it).
 * BENCH_N sets N (default 200); BENCH_SMOKE=1 runs a tiny size. pulp-glue and pulp-cli, which work
 * one object at a time, are compared per object on the first BENCH_TOOLS_N (default min(N, 50)):
 * pulp-cli at N=200 alone would take about twenty minutes (a process and several password-hashing
 * requests per object).
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { Distribution, Remote, Repository } from "../components/pulp";
import { PulpClient } from "../components/pulp/client/http";
import { limitStackTraces } from "../stacks/stackTraces";
import { changes, inlineStack } from "../test/harness/engine";
import { connectionOf, PulpInstance, startPulp, stopPulp } from "../test/harness/pulp";
import { countingProxy } from "./lib/countingProxy";
import { atBestConcurrency, FloorClient, timedConcurrent } from "./lib/floorClient";
import { assertCount, Metric, round, runBenchmark, SMOKE } from "./lib/report";

const N = SMOKE ? 3 : Number(process.env.BENCH_N ?? 200);
const OBJECTS = 3 * N;
const CONCURRENCIES = SMOKE ? [2] : [4, 8, 16];
const TOOLS_N = SMOKE ? 1 : Number(process.env.BENCH_TOOLS_N ?? Math.min(N, 50));
const INSTANCE = "bench-converge";
const seconds = (t0: number) => (Date.now() - t0) / 1000;
const say = (s: string) => process.stderr.write(`${s}\n`);

/** What one authenticated GET costs Pulp with Basic auth (a password hash) and with a session. */
async function authCost(pulp: PulpInstance) {
    const samples = SMOKE ? 2 : 15;
    const url = `${pulp.apiUrl}/pulp/api/v3/repositories/file/file/?limit=1`;
    const basic = `Basic ${Buffer.from(`${pulp.username}:${pulp.password}`).toString("base64")}`;
    const floor = await FloorClient.login(pulp.apiUrl, pulp.username, pulp.password);
    const median = async (one: () => Promise<unknown>) => {
        const ms: number[] = [];
        for (let i = 0; i < samples; i++) {
            const t0 = Date.now();
            await one();
            ms.push(Date.now() - t0);
        }
        return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
    };
    return {
        basic: await median(() => fetch(url, { headers: { Authorization: basic } }).then((r) => r.text())),
        session: await median(() => floor.call("GET", "repositories/file/file/?limit=1")),
    };
}

export async function ours(pulp: PulpInstance) {
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const connection = { ...connectionOf(pulp), baseUrl: proxy.url };
        const stack = await inlineStack("rt-bench-converge", "bench", async () => {
            limitStackTraces(); // as the stack entry point (stacks/index.ts) does
            for (let i = 0; i < N; i++) {
                const remote = new Remote(`r${i}`, {
                    connection,
                    plugin: "file",
                    name: `bench-${i}`,
                    url: `http://127.0.0.1:9/bench/${i}/PULP_MANIFEST`,
                });
                const repo = new Repository(`p${i}`, {
                    connection,
                    plugin: "file",
                    name: `bench-${i}`,
                    remote: remote.pulp_href,
                });
                new Distribution(`d${i}`, {
                    connection,
                    plugin: "file",
                    name: `bench-${i}`,
                    base_path: `bench/${i}`,
                    repository: repo.pulp_href,
                });
            }
        });
        const t0 = Date.now();
        const up = await stack.up({ parallel: 32 });
        const converge = seconds(t0);
        if (changes(up.summary).create !== OBJECTS + 1)
            throw new Error(`unexpected ${JSON.stringify(changes(up.summary))}`);
        const created = { requests: proxy.count(), logins: proxy.logins() };
        proxy.reset();
        const t1 = Date.now();
        const refresh = await stack.refresh({ parallel: 32 });
        const refreshSeconds = seconds(t1);
        if (changes(refresh.summary).same !== OBJECTS + 1)
            throw new Error(`refresh found changes: ${JSON.stringify(changes(refresh.summary))}`);
        return {
            converge,
            created,
            refreshSeconds,
            refreshed: { requests: proxy.count(), logins: proxy.logins() },
        };
    } finally {
        proxy.close();
    }
}

/**
 * The same objects, one request each (the distribution's task polled), at one concurrency. Through
 * the same counting proxy as ours, so both pay the same transport.
 */
export async function floorAt(pulp: PulpInstance, concurrency: number) {
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const c = await FloorClient.login(proxy.url, pulp.username, pulp.password);
        const p = `floor${concurrency}`;
        const s = await timedConcurrent(N, concurrency, async (i) => {
            const remote = await c.write("POST", "remotes/file/file/", {
                name: `${p}-${i}`,
                url: `http://127.0.0.1:9/${p}/${i}/PULP_MANIFEST`,
            });
            const repo = await c.write("POST", "repositories/file/file/", {
                name: `${p}-${i}`,
                remote: remote.pulp_href,
            });
            await c.write("POST", "distributions/file/file/", {
                name: `${p}-${i}`,
                base_path: `${p}/${i}`,
                repository: repo.pulp_href,
            });
        });
        say(`floor at ${concurrency}: ${(proxy.count() / OBJECTS).toFixed(2)} requests per object`);
        return s;
    } finally {
        proxy.close();
    }
}

/** Time from a task finishing on the server to our wait returning, over sequential distribution creates. */
async function taskWaitOverhead(pulp: PulpInstance) {
    const client = new PulpClient(connectionOf(pulp));
    const repo = (
        await client.write<{ pulp_href: string }>("POST", "repositories/file/file/", { name: "overhead" })
    ).data;
    const overheads: number[] = [];
    for (let i = 0; i < (SMOKE ? 2 : 50); i++) {
        const r = await client.write("POST", "distributions/file/file/", {
            name: `o-${i}`,
            base_path: `o/${i}`,
            repository: repo.pulp_href,
        });
        overheads.push(Date.now() - new Date(r.task!.finished_at!).getTime());
    }
    return overheads.sort((a, b) => a - b)[Math.floor(overheads.length / 2)];
}

function pulpglue(pulp: PulpInstance) {
    const py = path.join(process.env.RT_PULPCLI_VENV!, "bin", "python");
    const script = path.join(__dirname, "pulpglue_converge.py");
    const t0 = Date.now();
    execFileSync(py, [script, pulp.apiUrl, pulp.password, String(TOOLS_N), "glue"], {
        stdio: ["ignore", "pipe", "inherit"],
    });
    return seconds(t0);
}

function pulpcli(pulp: PulpInstance) {
    const pulpBin = path.join(process.env.RT_PULPCLI_VENV!, "bin", "pulp");
    const base = ["--base-url", pulp.apiUrl, "--username", pulp.username, "--password", pulp.password];
    const run = (...args: string[]) =>
        execFileSync(pulpBin, [...base, ...args], { stdio: ["ignore", "ignore", "inherit"] });
    const t0 = Date.now();
    for (let i = 0; i < TOOLS_N; i++) {
        const name = `cli-${i}`;
        run("file", "remote", "create", "--name", name, "--url", `http://127.0.0.1:9/cli/${i}/PULP_MANIFEST`);
        run("file", "repository", "create", "--name", name, "--remote", name);
        run(
            "file",
            "distribution",
            "create",
            "--name",
            name,
            "--base-path",
            `cli/${i}`,
            "--repository",
            name,
        );
    }
    return seconds(t0);
}

export async function benchConverge(): Promise<Metric[]> {
    const pulp = startPulp(INSTANCE);
    try {
        const auth = await authCost(pulp);
        say(`one GET: ${auth.basic} ms with Basic auth, ${auth.session} ms with a session`);
        const o = await ours(pulp);
        const perCreated = o.created.requests / OBJECTS;
        const perRefreshed = o.refreshed.requests / OBJECTS;
        say(
            `ours: ${o.converge.toFixed(1)}s for ${OBJECTS} objects (${perCreated.toFixed(2)} requests per object, ` +
                `${o.created.logins} login(s)), refresh ${o.refreshSeconds.toFixed(1)}s (${o.refreshed.logins} login(s))`,
        );
        // The counts are the contract: one request per object (plus polls shared across tasks),
        // one GET per refreshed object, one login per engine run. Polls are shared only when
        // many tasks run at once, so the create count holds from a real size up.
        assertCount(perRefreshed === 1, `refresh took ${perRefreshed} requests per object, not 1`);
        assertCount(
            o.created.logins === 1 && o.refreshed.logins === 1,
            `expected one login per engine run, got ${o.created.logins} and ${o.refreshed.logins}`,
        );
        assertCount(
            N < 50 || perCreated <= 1.4,
            `${perCreated.toFixed(2)} requests per created object (target <= 1.4)`,
        );

        const floor = await atBestConcurrency(CONCURRENCIES, (c) => floorAt(pulp, c));
        const glue = pulpglue(pulp);
        say(`pulp-glue: ${glue.toFixed(1)}s for ${3 * TOOLS_N} objects`);
        const cli = pulpcli(pulp);
        say(`pulp-cli: ${cli.toFixed(1)}s for ${3 * TOOLS_N} objects`);
        const overhead = await taskWaitOverhead(pulp);
        // pulp-glue and pulp-cli run a smaller size in a smoke run: compare per object.
        const perObject = (s: number, n: number) => s / n;
        const k = `converge_${N}`;
        return [
            {
                metric: `${k}_vs_floor`,
                value: round(o.converge / floor.seconds),
                unit: "x",
                target: "<= 1.3",
            },
            {
                metric: `${k}_speedup_vs_pulpcli`,
                value: round(perObject(cli, TOOLS_N) / perObject(o.converge, N)),
                unit: "x",
                target: ">= 5",
            },
            {
                metric: `${k}_speedup_vs_pulpglue`,
                value: round(perObject(glue, TOOLS_N) / perObject(o.converge, N)),
                unit: "x",
            },
            {
                metric: "requests_per_created_object",
                value: round(perCreated),
                unit: "requests",
                target: "<= 1.4",
            },
            {
                metric: "refresh_requests_per_object",
                value: round(perRefreshed),
                unit: "requests",
                target: "1.0",
            },
            { metric: `${k}_ours_s`, value: round(o.converge), unit: "s" },
            { metric: `${k}_floor_s`, value: round(floor.seconds), unit: "s" },
            { metric: `${k}_floor_concurrency`, value: floor.concurrency, unit: "requests in flight" },
            { metric: `${k}_refresh_s`, value: round(o.refreshSeconds), unit: "s" },
            { metric: `converge_${TOOLS_N}_pulpglue_s`, value: round(glue), unit: "s" },
            { metric: `converge_${TOOLS_N}_pulpcli_s`, value: round(cli), unit: "s" },
            { metric: "task_wait_overhead_ms_p50", value: overhead, unit: "ms", target: "< 100" },
            { metric: "pulp_get_basic_auth_ms_p50", value: auth.basic, unit: "ms" },
            { metric: "pulp_get_session_ms_p50", value: auth.session, unit: "ms" },
        ];
    } finally {
        stopPulp(INSTANCE);
    }
}

if (require.main === module) runBenchmark("converge", benchConverge);
