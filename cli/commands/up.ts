import { Command } from "commander";
import { withStack, wholeNumber } from "../options";
import { planAndUp } from "../planUp";

export function upCommand(parent: Command): Command {
    return withStack(parent.command("up"))
        .summary("pulumi up of exactly what its preview showed; a promotion without a checkpoint per step")
        .description(
            "run pulumi preview, saving its update plan, then pulumi up of exactly that plan. When every change is a snapshot update (a promotion or withdrawal by pins), the engine keeps only the final checkpoint instead of rewriting the whole state twice per snapshot: an interrupted promotion loses nothing, the next up redoes it. Any other change keeps every checkpoint. The Pulumi CLI must be on PATH (scripts/with-env) with the stack's backend and passphrase in the environment",
        )
        .option("--yes", "do not ask before updating (needed when stdin is not a terminal)")
        .option(
            "--parallel <n>",
            "resource operations at once (pulumi's --parallel)",
            wholeNumber("--parallel"),
        )
        .action(async (o) => {
            await planAndUp({
                stack: o.stack,
                projectDir: o.projectDir,
                yes: !!o.yes,
                pulumiArgs: o.parallel ? ["--parallel", String(o.parallel)] : [],
                say: (line) => console.error(line),
            });
        });
}
