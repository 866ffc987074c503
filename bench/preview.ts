/**
 * Benchmark: a real-engine `pulumi preview` of the prod-scale Ark program (the synthetic project
 * of bench/lib/prodScale.ts; the GitHub part needs providers that cannot run here) at three sizes.
 * Metrics: each size's time beside the floor (a preview of as many trivial dynamic resources: the
 * engine's own cost), the growth exponent over the three sizes (target ≤ 1.2), preview_prod_scale_s
 * from empty state (< 60) and preview_noop_prod_scale_s of a stack that holds it all (< 60), the
 * latter also with the CLI's automatic debug log on (preview_noop_prod_scale_autolog_s); every
 * other figure is taken with it off, as the pull-request workflow runs.
 * BENCH_SMOKE=1 runs tiny sizes (a smoke, not a measurement).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { declareArk } from "./lib/arkProgram";
import { declareTrivialInSlices } from "./lib/floorPrograms";
import { benchStack, disposeStack, growthExponent, PreviewCost, timedPreview } from "./lib/previewTiming";
import { setAutomaticLog } from "../test/harness/engine";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { scaleFactor, writeProdScaleProject } from "./lib/prodScale";

const SMOKE = process.env.BENCH_SMOKE === "1";
// Three sizes up to full production scale; the smoke's are a few dozen resources each.
const FACTORS = SMOKE ? [0.01, 0.02, 0.03] : [0.1, 0.3, 1].map((x) => x * scaleFactor());
const PROJECT = "rt-bench-preview";
const STACK = "bench";

type Metric = { metric: string; value: number; unit: string } & Record<string, unknown>;
const r2 = (x: number) => Math.round(x * 100) / 100;
const log = (s: string) => process.stderr.write(`[preview] ${s}\n`);
const show = (c: PreviewCost) =>
    `${c.seconds.toFixed(1)} s (${c.cpuSeconds.toFixed(1)} CPU-s, of which the program ${c.programCpuSeconds.toFixed(1)})`;

/** A checkpoint of the whole program, written under mocks in its own process (no Pulp). */
function checkpoint(dir: string, clients: string[], salt: string): unknown {
    const out = path.join(dir, "checkpoint.json");
    const worker = path.join(__dirname, "lib/checkpointWorker.ts");
    const run = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", worker, dir, clients.join(","), PROJECT, STACK, out],
        { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) throw new Error(`writing the checkpoint failed:\n${run.stderr}`);
    const deployment = JSON.parse(fs.readFileSync(out, "utf8"));
    // The import encrypts the checkpoint's plaintext secrets with the stack's own passphrase salt.
    return { ...deployment, secrets_providers: { type: "passphrase", state: { salt } } };
}

/** The passphrase salt `pulumi stack init` wrote into the stack's settings. */
function stackSalt(stack: Stack): string {
    const ws = stack.workspace as LocalWorkspace;
    const settings = YAML.parse(fs.readFileSync(path.join(ws.workDir, `Pulumi.${STACK}.yaml`), "utf8"));
    if (!settings?.encryptionsalt) throw new Error(`no encryptionsalt in ${ws.workDir}/Pulumi.${STACK}.yaml`);
    return settings.encryptionsalt;
}

export async function benchPreview(): Promise<Metric[]> {
    const metrics: Metric[] = [];
    // Wall time is the target; CPU time (engine, providers, program) is what load on a shared
    // machine does not distort, so its slope is reported beside.
    const points: { size: number; seconds: number }[] = [];
    const cpuPoints: { size: number; seconds: number }[] = [];
    const floorPoints: { size: number; seconds: number }[] = [];
    // One stack for every preview: previews from empty state write no state, so the sizes do not
    // interfere, and the no-op preview imports its state last.
    const stack = await benchStack(PROJECT, async () => {});
    const dirs: string[] = [];
    try {
        let full: { dir: string; clients: string[]; resources: number } | undefined;
        for (const f of FACTORS) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-bench-preview-"));
            dirs.push(dir);
            const { clients } = writeProdScaleProject(dir, f);
            const pct = `${Math.round(f * 100)}pct`;
            stack.workspace.program = async () => void (await declareArk(dir, clients));
            const ours = await timedPreview(stack);
            // The stack itself is one more create.
            const resources = (ours.changes.create ?? 0) - 1;
            log(`Ark at ${pct}: ${resources} resources, ${show(ours)}`);
            stack.workspace.program = async () => void (await declareTrivialInSlices(resources));
            const floor = await timedPreview(stack);
            log(`floor (${resources} trivial resources): ${show(floor)}`);
            points.push({ size: resources, seconds: ours.seconds });
            cpuPoints.push({ size: resources, seconds: ours.cpuSeconds });
            floorPoints.push({ size: resources, seconds: floor.seconds });
            const last = f === FACTORS[FACTORS.length - 1];
            const name = last ? "preview_prod_scale" : `preview_ark_${pct}`;
            metrics.push(
                {
                    metric: `${name}_s`,
                    value: r2(ours.seconds),
                    unit: "s",
                    resources,
                    cpu_s: r2(ours.cpuSeconds),
                    program_cpu_s: r2(ours.programCpuSeconds),
                    ...(last ? { target: 60 } : {}),
                },
                {
                    metric: `preview_floor_${pct}_s`,
                    value: r2(floor.seconds),
                    unit: "s",
                    resources,
                    cpu_s: r2(floor.cpuSeconds),
                    program_cpu_s: r2(floor.programCpuSeconds),
                },
                { metric: `${name}_vs_floor`, value: r2(ours.seconds / floor.seconds), unit: "x" },
            );
            if (last) full = { dir, clients, resources };
        }
        metrics.push(
            {
                metric: "preview_growth_exponent",
                value: r2(growthExponent(points)),
                unit: "slope",
                target: 1.2,
            },
            {
                metric: "preview_floor_growth_exponent",
                value: r2(growthExponent(floorPoints)),
                unit: "slope",
            },
        );

        const { dir, clients, resources } = full!;
        await stack.importStack({ version: 3, deployment: checkpoint(dir, clients, stackSalt(stack)) });
        stack.workspace.program = async () => void (await declareArk(dir, clients));
        // The same no-op preview without and with the CLI's automatic debug log (scripts/pulumi-autolog):
        // off is how the pull-request workflow and the tests run it, on is Pulumi's default for an
        // operator's own PULUMI_HOME. Taken in the order off, on, on, off so that a warmer second
        // half favours neither.
        const home = (stack.workspace as LocalWorkspace).pulumiHome!;
        const runs: Record<"off" | "on", PreviewCost[]> = { off: [], on: [] };
        for (const mode of SMOKE ? (["off", "on"] as const) : (["off", "on", "on", "off"] as const)) {
            setAutomaticLog(home, mode === "on");
            // expectNoChanges fails the benchmark if the written state is not what the providers would hold.
            const noop = await timedPreview(stack, { expectNoChanges: true });
            if ((noop.changes.same ?? 0) !== resources + 1)
                throw new Error(
                    `no-op preview: expected ${resources + 1} unchanged, got ${JSON.stringify(noop.changes)}`,
                );
            log(
                `no-op preview of a stack holding ${resources} resources, automatic log ${mode}: ${show(noop)}`,
            );
            runs[mode].push(noop);
        }
        const mean = (cs: PreviewCost[], k: keyof Omit<PreviewCost, "changes">) =>
            r2(cs.reduce((a, c) => a + c[k], 0) / cs.length);
        for (const [metric, cs] of [
            ["preview_noop_prod_scale_s", runs.off],
            ["preview_noop_prod_scale_autolog_s", runs.on],
        ] as const)
            metrics.push({
                metric,
                value: mean(cs, "seconds"),
                unit: "s",
                resources,
                runs: cs.map((c) => r2(c.seconds)),
                cpu_s: mean(cs, "cpuSeconds"),
                program_cpu_s: mean(cs, "programCpuSeconds"),
                target: 60,
            });
    } finally {
        disposeStack(stack);
        for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
    return metrics;
}

if (require.main === module) {
    benchPreview().then(
        (metrics) => {
            for (const m of metrics) console.log(JSON.stringify(m));
            // A smoke's numbers are not results.
            if (!SMOKE) {
                fs.mkdirSync(path.join(__dirname, "results"), { recursive: true });
                fs.writeFileSync(
                    path.join(__dirname, "results", "preview.json"),
                    JSON.stringify(metrics, null, 2) + "\n",
                );
            }
        },
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
