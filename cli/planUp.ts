import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createInterface } from "readline";
import { createInterface as createPrompt } from "readline/promises";
import { judgePlan, PlanVerdict, upEnvironment } from "./updatePlan";

export interface PlanUpOptions {
    readonly stack: string;
    readonly projectDir: string;
    /** Run without asking (needed when stdin is not a terminal). */
    readonly yes: boolean;
    /** Extra arguments for both `pulumi preview` and `pulumi up`, e.g. `--parallel 16`. */
    readonly pulumiArgs?: string[];
    readonly say: (line: string) => void;
}

export interface PlanUpResult {
    readonly verdict: PlanVerdict;
    /** Whether `pulumi up` ran (not when there was nothing to change, or the operator declined). */
    readonly ran: boolean;
}

/** Pulumi's advice after `--save-plan`, about a file this command removes. */
const PLAN_ADVICE = /^(Update plan written to |Run `pulumi up --plan=)/;

/** `pulumi <args>` in the project directory, its output the operator's; resolves to how it ended. */
function pulumi(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        for (const [from, to] of [
            [child.stdout!, process.stdout],
            [child.stderr!, process.stderr],
        ] as const)
            createInterface({ input: from }).on("line", (line) => {
                if (!PLAN_ADVICE.test(line)) to.write(`${line}\n`);
            });
        child.on("error", (e) =>
            reject(
                new Error(
                    `could not run pulumi (${e.message}): is it on PATH? scripts/with-env puts it there`,
                ),
            ),
        );
        // ^C at the terminal reaches pulumi too, which cancels gracefully (and writes its final
        // checkpoint): this process must outlive it, or pulumi's output pipes break under it. A
        // SIGTERM meant for this command alone is passed on as that same graceful ^C.
        const onInterrupt = () => {};
        const onTerminate = () => child.kill("SIGINT");
        process.on("SIGINT", onInterrupt);
        process.on("SIGTERM", onTerminate);
        // undefined: success; otherwise "exit N" or "stopped by SIGNAL", for the message.
        child.on("close", (code, signal) => {
            process.off("SIGINT", onInterrupt);
            process.off("SIGTERM", onTerminate);
            resolve(code === 0 ? undefined : signal ? `stopped by ${signal}` : `exit ${code}`);
        });
    });
}

async function confirm(question: string): Promise<boolean> {
    const rl = createPrompt({ input: process.stdin, output: process.stderr });
    try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
        rl.close();
    }
}

/**
 * `pulumi preview --save-plan`, then `pulumi up --plan` of exactly that plan: without per-step
 * checkpoints when every change is a snapshot update (cli/updatePlan.ts says why that is safe),
 * with them otherwise. The plan file holds the stack's inputs (secrets encrypted), so it lives in
 * a private temporary directory that is removed afterwards.
 */
export async function planAndUp(o: PlanUpOptions): Promise<PlanUpResult> {
    if (!o.yes && !process.stdin.isTTY)
        throw new Error(
            "release-train up asks before it changes anything: pass --yes when not run from a terminal",
        );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-plan-"));
    const plan = path.join(dir, "plan.json");
    const common = ["--stack", o.stack, "--non-interactive", ...(o.pulumiArgs ?? [])];
    try {
        const previewed = await pulumi(
            ["preview", "--save-plan", plan, ...common],
            o.projectDir,
            process.env,
        );
        if (previewed) throw new Error(`pulumi preview failed (${previewed}): nothing was changed`);
        const verdict = judgePlan(JSON.parse(fs.readFileSync(plan, "utf8")), plan);
        if (verdict.changes === 0) {
            o.say("release-train up: no changes to make");
            return { verdict, ran: false };
        }
        o.say(
            verdict.redoable
                ? `release-train up: ${verdict.changes} snapshot update(s) and nothing else: the update keeps only its final checkpoint (an interruption loses nothing: the next up redoes what is left)`
                : `release-train up: ${verdict.changes} change(s), among them ${verdict.why}: the update keeps a checkpoint after every step`,
        );
        if (!o.yes && !(await confirm("Perform this update? [y/N] "))) {
            o.say("release-train up: declined, nothing was changed");
            return { verdict, ran: false };
        }
        const failed = await pulumi(
            ["up", "--plan", plan, "--skip-preview", "--yes", ...common],
            o.projectDir,
            upEnvironment(verdict),
        );
        // A killed engine leaves the stack's lock behind, and the next run would stop on it.
        const lock = failed?.startsWith("stopped by")
            ? ` (first \`pulumi cancel --stack ${o.stack}\`: a stopped engine leaves the stack locked)`
            : "";
        if (failed)
            throw new Error(
                (verdict.redoable && lock
                    ? `pulumi up failed (${failed}): the snapshot updates it made are not in the state, as it keeps only its final checkpoint; run release-train up again once the cause is fixed${lock}, and it redoes them`
                    : `pulumi up failed (${failed}); what it finished is in the state; run release-train up again once the cause is fixed${lock}`) +
                    // What pulumi prints per planned change a stopped run never reached reads like a fault.
                    `. Each "expected resource operations for … but none were seen" above is a planned change the run did not reach; the next release-train up makes it`,
            );
        return { verdict, ran: true };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
