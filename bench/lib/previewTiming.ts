import * as fs from "fs";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { tempBackend, tempProjectDir } from "../../test/harness/engine";

/** What one preview cost: wall time, and CPU of this process plus every process it waited for. */
export interface PreviewCost {
    seconds: number;
    cpuSeconds: number;
    /** The part of cpuSeconds spent in this process: the inline program (and the Automation API). */
    programCpuSeconds: number;
    changes: Record<string, number>;
}

/**
 * An inline program on the real engine, optionally on another CLI build (a directory whose
 * bin/ holds `pulumi`, the language host and the dynamic-provider shim).
 */
export async function benchStack(project: string, program: PulumiFn, cliRoot?: string): Promise<Stack> {
    const b = tempBackend();
    const pulumiCommand = cliRoot
        ? await PulumiCommand.get({ root: cliRoot, skipVersionCheck: true })
        : undefined;
    return LocalWorkspace.createOrSelectStack(
        { projectName: project, stackName: "bench", program },
        {
            workDir: tempProjectDir("rt-bench-preview-"),
            pulumiHome: b.home,
            envVars: b.envVars,
            pulumiCommand,
            projectSettings: { name: project, runtime: "nodejs", backend: { url: b.backend } },
        },
    );
}

// cutime + cstime (fields 16 and 17 of /proc/self/stat) count children once they are reaped: the
// CLI, and through it the provider plugins it started. The engine's CPU is the part load hides.
function childCpuSeconds(): number {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
}
function selfCpuSeconds(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
}

/** One `pulumi preview` (no refresh), timed; the program runs in this process. */
export async function timedPreview(
    stack: Stack,
    opts: { expectNoChanges?: boolean } = {},
): Promise<PreviewCost> {
    const child0 = childCpuSeconds();
    const self0 = selfCpuSeconds();
    const t0 = process.hrtime.bigint();
    const r = await stack.preview({ expectNoChanges: opts.expectNoChanges });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const programCpuSeconds = selfCpuSeconds() - self0;
    const cpuSeconds = childCpuSeconds() - child0 + programCpuSeconds;
    return { seconds, cpuSeconds, programCpuSeconds, changes: { ...r.changeSummary } };
}

/** Removes a bench stack's temporary PULUMI_HOME/backend and project directory. */
export function disposeStack(stack: Stack): void {
    const ws = stack.workspace as LocalWorkspace;
    const home = ws.pulumiHome;
    for (const d of [home, ws.workDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
}

/** Least-squares slope of log(seconds) over log(size): 1 is linear, 2 quadratic. */
export function growthExponent(points: { size: number; seconds: number }[]): number {
    const xs = points.map((p) => Math.log(p.size));
    const ys = points.map((p) => Math.log(p.seconds));
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < xs.length; i++) {
        num += (xs[i] - mx) * (ys[i] - my);
        den += (xs[i] - mx) ** 2;
    }
    return num / den;
}
