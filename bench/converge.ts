/**
 * Benchmark: converge N file repositories + remotes + distributions from empty on a local Pulp,
 * then a no-op refresh; the same objects through pulp-cli (sequential commands, as operators run
 * it) and through one pulp-glue process (sequential, as the Ansible modules do). Each system gets
 * its own fresh Pulp. Metrics: converge_200_speedup_vs_pulpcli, converge_200_speedup_vs_pulpglue,
 * refresh_requests_per_object, task_wait_overhead_ms_p50.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Distribution, Remote, Repository } from "../components/pulp";
import { PulpClient } from "../components/pulp/client/http";
import { changes, inlineStack } from "../test/harness/engine";
import { connectionOf, startPulp, stopPulp } from "../test/harness/pulp";
import { countingProxy } from "./countingProxy";

const N = Number(process.env.BENCH_N ?? 200);
const OBJECTS = 3 * N;
const seconds = (t0: number) => (Date.now() - t0) / 1000;

async function ours() {
    const pulp = startPulp("bench-ours");
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const connection = { ...connectionOf(pulp), baseUrl: proxy.url };
        const stack = await inlineStack("rt-bench-converge", "bench", async () => {
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
        const createRequests = proxy.count();
        proxy.reset();
        const t1 = Date.now();
        const refresh = await stack.refresh({ parallel: 32 });
        const refreshSeconds = seconds(t1);
        if (changes(refresh.summary).same !== OBJECTS + 1)
            throw new Error(`refresh found changes: ${JSON.stringify(changes(refresh.summary))}`);
        const refreshRequests = proxy.count();
        await stack.destroy({ parallel: 32 });
        return { converge, createRequests, refreshSeconds, refreshRequests };
    } finally {
        proxy.close();
        stopPulp("bench-ours");
    }
}

/** Time from a task finishing on the server to our wait returning, over sequential distribution creates. */
async function taskWaitOverhead(samples = 50) {
    const pulp = startPulp("bench-tasks");
    try {
        const client = new PulpClient(connectionOf(pulp));
        const repo = (
            await client.write<{ pulp_href: string }>("POST", "repositories/file/file/", { name: "overhead" })
        ).data;
        const overheads: number[] = [];
        for (let i = 0; i < samples; i++) {
            const r = await client.write("POST", "distributions/file/file/", {
                name: `o-${i}`,
                base_path: `o/${i}`,
                repository: repo.pulp_href,
            });
            const returned = Date.now();
            overheads.push(returned - new Date(r.task!.finished_at!).getTime());
        }
        overheads.sort((a, b) => a - b);
        return overheads[Math.floor(overheads.length / 2)];
    } finally {
        stopPulp("bench-tasks");
    }
}

function pulpglue() {
    const pulp = startPulp("bench-glue");
    try {
        const py = path.join(process.env.RT_PULPCLI_VENV!, "bin", "python");
        const t0 = Date.now();
        execFileSync(
            py,
            [path.join(__dirname, "pulpglue_converge.py"), pulp.apiUrl, pulp.password, String(N)],
            { stdio: ["ignore", "pipe", "inherit"] },
        );
        return seconds(t0);
    } finally {
        stopPulp("bench-glue");
    }
}

function pulpcli() {
    const pulp = startPulp("bench-cli");
    try {
        const pulpBin = path.join(process.env.RT_PULPCLI_VENV!, "bin", "pulp");
        const base = ["--base-url", pulp.apiUrl, "--username", pulp.username, "--password", pulp.password];
        const run = (...args: string[]) =>
            execFileSync(pulpBin, [...base, ...args], { stdio: ["ignore", "ignore", "inherit"] });
        const t0 = Date.now();
        for (let i = 0; i < N; i++) {
            run(
                "file",
                "remote",
                "create",
                "--name",
                `bench-${i}`,
                "--url",
                `http://127.0.0.1:9/bench/${i}/PULP_MANIFEST`,
            );
            run("file", "repository", "create", "--name", `bench-${i}`, "--remote", `bench-${i}`);
            run(
                "file",
                "distribution",
                "create",
                "--name",
                `bench-${i}`,
                "--base-path",
                `bench/${i}`,
                "--repository",
                `bench-${i}`,
            );
        }
        return seconds(t0);
    } finally {
        stopPulp("bench-cli");
    }
}

export async function benchConverge() {
    const o = await ours();
    process.stderr.write(
        `ours: ${o.converge.toFixed(1)}s for ${OBJECTS} objects (${(o.createRequests / OBJECTS).toFixed(2)} requests/object), refresh ${o.refreshSeconds.toFixed(1)}s\n`,
    );
    const glue = pulpglue();
    process.stderr.write(`pulp-glue: ${glue.toFixed(1)}s\n`);
    const cli = pulpcli();
    process.stderr.write(`pulp-cli: ${cli.toFixed(1)}s\n`);
    const overhead = await taskWaitOverhead();
    const r = (x: number) => Math.round(x * 100) / 100;
    return [
        { metric: "converge_200_speedup_vs_pulpcli", value: r(cli / o.converge), unit: "x" },
        { metric: "converge_200_speedup_vs_pulpglue", value: r(glue / o.converge), unit: "x" },
        { metric: "refresh_requests_per_object", value: r(o.refreshRequests / OBJECTS), unit: "requests" },
        { metric: "task_wait_overhead_ms_p50", value: overhead, unit: "ms" },
        { metric: "converge_200_ours_s", value: r(o.converge), unit: "s" },
        { metric: "converge_200_pulpglue_s", value: r(glue), unit: "s" },
        { metric: "converge_200_pulpcli_s", value: r(cli), unit: "s" },
    ];
}

if (require.main === module) {
    benchConverge().then(
        (metrics) => {
            for (const m of metrics) console.log(JSON.stringify(m));
            fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
            fs.writeFileSync(
                path.join(__dirname, "results", "converge.json"),
                JSON.stringify({ n: N, metrics }, null, 2),
            );
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
