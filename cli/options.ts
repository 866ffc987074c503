import { Command, Option } from "commander";
import { loadTrain } from "../model/train";
import { stackContext, StackContext } from "./stackContext";

export interface StackOptions {
    readonly stack: string;
    readonly projectDir: string;
    readonly passwordFile?: string;
}

/** Every command that reads the stack's files: `--stack` (required) and `--project-dir`. */
export function withStack(c: Command): Command {
    return c
        .requiredOption(
            "--stack <stack>",
            "(required) the stack whose Pulumi.<stack>.yaml to read, e.g. prod",
        )
        .option("--project-dir <dir>", "the directory of Pulumi.yaml and the stack files", process.cwd());
}

/** Commands that talk to Pulp also take the password (never on the command line itself). */
export function withPulp(c: Command): Command {
    return withStack(c).option(
        "--password-file <file>",
        "a file holding the Pulp password (default: $RELEASE_TRAIN_PULP_PASSWORD)",
    );
}

export function context(o: StackOptions): StackContext {
    return stackContext(o.stack, o.projectDir, o.passwordFile);
}

/** The stack's catalogue and ledger, validated and consistent. */
export function train(c: StackContext) {
    return loadTrain({
        catalogue: c.at(c.cfg.catalogue),
        ledger: c.at(c.cfg.ledger),
        ledgerLabel: c.cfg.ledger,
    });
}

export function wholeNumber(flag: string, min = 1) {
    return (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min)
            throw new Error(`${flag} must be a whole number ≥ ${min} (got '${v}')`);
        return n;
    };
}

export const filterOption = () =>
    new Option("--filter <regexes>", "only short_names matching any of these whitespace-separated regexes");

/** A line of progress on stderr, with the time: stdout stays the command's result. */
export function progress(line: string): void {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/**
 * Usage lines that show the required options, e.g. `release-train verify --stack <stack>
 * [options]`: commander lists every option under a bare `[options]`.
 */
export function showRequiredInUsage(c: Command): void {
    for (const sub of c.commands) showRequiredInUsage(sub);
    const required = c.options.filter((o) => o.mandatory).map((o) => o.flags);
    if (!required.length) return;
    const args = c.registeredArguments.map((a) => {
        const n = `${a.name()}${a.variadic ? "..." : ""}`;
        return a.required ? `<${n}>` : `[${n}]`;
    });
    c.usage([...required, "[options]", ...args].join(" "));
}
