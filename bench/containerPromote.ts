/**
 * Benchmark: promote one pinned tag of each of N images (Kolla-like: ~250 images × 2 base
 * distributions) from their development repositories to their release repositories with `pulumi
 * up` on the real engine against a local Pulp (`promote_<N>_tags_s`, target < 60 s at N = 500). In
 * the same run, on the same Pulp, the floor (a minimal client with session auth issuing the same
 * tag copies straight on Pulp's API, at its best concurrency) and pulp-cli issuing them one by one.
 * pulp-cli 0.41 has no container tag-copy command (`pulp container repository tag` only tags a
 * manifest already in the repository), so it calls the same endpoint through its own
 * `pulp debug openapi call --id repositories_container_container_copy_tags`.
 * BENCH_CPROMOTE_N sets N (default 500); BENCH_CPROMOTE_CLI_N the pulp-cli size (default min(N, 50));
 * BENCH_SMOKE=1 runs a tiny size.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ContainerTagPromotion } from "../components/pulp";
import { PulpClient } from "../components/pulp/client/http";
import { limitStackTraces } from "../stacks/stackTraces";
import { changes, inlineStack } from "../test/harness/engine";
import { connectionOf, PulpInstance, startPulp, stopPulp } from "../test/harness/pulp";
import { skopeoCopy, writeOciImage } from "../test/harness/registry";
import { countingProxy } from "./lib/countingProxy";
import { atBestConcurrency, FloorClient, timedConcurrent } from "./lib/floorClient";
import { assertCount, Metric, round, runBenchmark, SMOKE } from "./lib/report";

const N = SMOKE ? 3 : Number(process.env.BENCH_CPROMOTE_N ?? 500);
const CLI_N = SMOKE ? 1 : Number(process.env.BENCH_CPROMOTE_CLI_N ?? Math.min(N, 50));
const CONCURRENCIES = SMOKE ? [2] : [4, 8, 16];
const INSTANCE = "bench-cpromote";
const TAG = "2024.1-1";
const say = (s: string) => process.stderr.write(`${s}\n`);
const image = (i: number) => `rocky-image-${i}`;

/** N development repositories (each served at bench-dev/<image>) holding TAG, as CI's pushes leave them. */
async function developmentRepositories(pulp: PulpInstance): Promise<string[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-bench-oci-"));
    writeOciImage(dir, { tag: TAG, files: { "hello.txt": "one image for every repository" } });
    await skopeoCopy(`oci:${dir}:${TAG}`, `docker://${new URL(pulp.apiUrl).host}/bench-dev/base:${TAG}`, {
        destCreds: { username: pulp.username, password: pulp.password },
    });
    const c = new PulpClient(connectionOf(pulp));
    const base = await c.findOne<{ repository: string }>("distributions/container/container/", {
        base_path: "bench-dev/base",
    });
    const version = (await c.get<{ latest_version_href: string }>(base!.repository)).latest_version_href;
    const hrefs: string[] = [];
    await timedConcurrent(N, 8, async (i) => {
        const name = `bench-dev/${image(i)}`;
        const repo = (
            await c.write<{ pulp_href: string }>("POST", "repositories/container/container/", { name })
        ).data.pulp_href;
        await c.write("POST", `${repo}copy_tags/`, { source_repository_version: version, names: [TAG] });
        await c.write("POST", "distributions/container/container/", {
            name,
            base_path: name,
            repository: repo,
        });
        hrefs[i] = repo;
    });
    return hrefs;
}

/** Empty release repositories `<prefix>/<image>`, made before the clock starts. */
async function releaseRepositories(pulp: PulpInstance, prefix: string, n: number): Promise<string[]> {
    const c = new PulpClient(connectionOf(pulp));
    const hrefs: string[] = [];
    await timedConcurrent(n, 8, async (i) => {
        hrefs[i] = (
            await c.write<{ pulp_href: string }>("POST", "repositories/container/container/", {
                name: `${prefix}/${image(i)}`,
            })
        ).data.pulp_href;
    });
    return hrefs;
}

async function tagsOf(pulp: PulpInstance, repo: string): Promise<string[]> {
    const c = new PulpClient(connectionOf(pulp));
    const v = (await c.get<{ latest_version_href: string }>(repo)).latest_version_href;
    return (await c.list<{ name: string }>("content/container/tags/", { repository_version: v })).map(
        (t) => t.name,
    );
}

async function ours(pulp: PulpInstance, targets: string[]) {
    const proxy = await countingProxy(pulp.apiUrl);
    try {
        const connection = { ...connectionOf(pulp), baseUrl: proxy.url };
        const stack = await inlineStack("rt-bench-cpromote", "bench", async () => {
            limitStackTraces(); // as the stack entry point (stacks/index.ts) does
            for (let i = 0; i < N; i++)
                new ContainerTagPromotion(`promote-${image(i)}`, {
                    connection,
                    image: image(i),
                    source: `bench-dev/${image(i)}`,
                    target: targets[i],
                    tags: [TAG],
                });
        });
        const t0 = Date.now();
        const up = await stack.up({ parallel: 32 });
        const seconds = (Date.now() - t0) / 1000;
        if (changes(up.summary).create !== N + 1)
            throw new Error(`expected ${N} promotions, got ${JSON.stringify(changes(up.summary))}`);
        const perImage = proxy.count() / N;
        const logins = proxy.logins();
        proxy.reset();
        const t1 = Date.now();
        const again = await stack.up({ parallel: 32 });
        const noop = (Date.now() - t1) / 1000;
        assertCount(
            (changes(again.summary).same ?? 0) === N + 1,
            `the second up changed something: ${JSON.stringify(changes(again.summary))}`,
        );
        return { seconds, noop, perImage, noopPerImage: proxy.count() / N, logins };
    } finally {
        proxy.close();
    }
}

async function floorAt(pulp: PulpInstance, sources: string[], concurrency: number) {
    const targets = await releaseRepositories(pulp, `floor${concurrency}`, N);
    const c = await FloorClient.login(pulp.apiUrl, pulp.username, pulp.password);
    return timedConcurrent(N, concurrency, async (i) => {
        await c.write("POST", `${targets[i]}copy_tags/`, { source_repository: sources[i], names: [TAG] });
    });
}

async function pulpcli(pulp: PulpInstance, sources: string[]) {
    const targets = await releaseRepositories(pulp, "cli", CLI_N);
    const bin = path.join(process.env.RT_PULPCLI_VENV!, "bin", "pulp");
    const base = ["--base-url", pulp.apiUrl, "--username", pulp.username, "--password", pulp.password];
    const t0 = Date.now();
    for (let i = 0; i < CLI_N; i++) {
        execFileSync(
            bin,
            [
                ...base,
                ...["debug", "openapi", "call", "--id", "repositories_container_container_copy_tags"],
                ...["--parameter", `container_container_repository_href=${targets[i]}`],
                ...["--body", JSON.stringify({ source_repository: sources[i], names: [TAG] })],
            ],
            { stdio: ["ignore", "ignore", "ignore"] },
        );
    }
    const seconds = (Date.now() - t0) / 1000;
    if (!(await tagsOf(pulp, targets[CLI_N - 1])).includes(TAG)) throw new Error("pulp-cli copied no tag");
    return seconds;
}

export async function benchContainerPromote(): Promise<Metric[]> {
    const pulp = startPulp(INSTANCE);
    try {
        const t0 = Date.now();
        const sources = await developmentRepositories(pulp);
        const targets = await releaseRepositories(pulp, "bench", N);
        say(`setup: ${N} development and release repositories in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

        const o = await ours(pulp, targets);
        if (!(await tagsOf(pulp, targets[N - 1])).includes(TAG))
            throw new Error("promotion did not reach Pulp");
        say(
            `ours: ${o.seconds.toFixed(1)}s for ${N} tags (${o.perImage.toFixed(2)} requests per image, ` +
                `${o.logins} login(s)); a second up ${o.noop.toFixed(1)}s (${o.noopPerImage.toFixed(2)} requests per image)`,
        );
        assertCount(o.logins === 1, `expected one login for the promoting run, got ${o.logins}`);

        const floor = await atBestConcurrency(CONCURRENCIES, (c) => floorAt(pulp, sources, c));
        const cli = await pulpcli(pulp, sources);
        say(`pulp-cli: ${cli.toFixed(1)}s for ${CLI_N} tag copies one by one`);
        // No destroy: stopping the benchmark's own Pulp removes everything.
        return [
            { metric: `promote_${N}_tags_s`, value: round(o.seconds, 1), unit: "s", target: "< 60" },
            { metric: `promote_${N}_tags_vs_floor`, value: round(o.seconds / floor.seconds), unit: "x" },
            { metric: `promote_${N}_tags_floor_s`, value: round(floor.seconds, 1), unit: "s" },
            {
                metric: `promote_${N}_tags_floor_concurrency`,
                value: floor.concurrency,
                unit: "requests in flight",
            },
            {
                metric: `promote_${N}_tags_speedup_vs_pulpcli`,
                value: round(cli / CLI_N / (o.seconds / N)),
                unit: "x",
            },
            { metric: `promote_${CLI_N}_tags_pulpcli_s`, value: round(cli, 1), unit: "s" },
            { metric: `promote_${N}_tags_noop_up_s`, value: round(o.noop, 1), unit: "s" },
            { metric: "promote_tag_requests_per_image", value: round(o.perImage), unit: "requests" },
            { metric: "promote_tag_noop_requests_per_image", value: round(o.noopPerImage), unit: "requests" },
        ];
    } finally {
        stopPulp(INSTANCE);
    }
}

if (require.main === module) runBenchmark("containerPromote", benchContainerPromote);
