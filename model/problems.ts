import { z } from "zod";

/**
 * Problems found while validating, reported all at once: the one error type for bad input
 * (stack config, catalogue, ledger, pins, GitHub manifest). Each problem names its file, entry
 * and field, and the fix.
 */
export class ValidationError extends Error {
    constructor(
        readonly what: string,
        readonly problems: string[],
    ) {
        super(`${what}:\n  - ${problems.join("\n  - ")}`);
        this.name = "ValidationError";
    }
}

export function isValidationError(e: unknown): e is ValidationError {
    return (
        e instanceof Error && e.name === "ValidationError" && Array.isArray((e as ValidationError).problems)
    );
}

export interface IssueContext {
    /** Where the value came from, e.g. `catalogue/a.yaml: entry #2 'epel'`. */
    readonly at: string;
    /** Field path above the validated value, e.g. `["repositories", "nova"]`. */
    readonly path?: readonly string[];
    /** Prepended to every field name, e.g. `release-train:` for stack config keys. */
    readonly keyPrefix?: string;
}

/** zod issues as problems, one per issue: `<at>: <field>: <message>`. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], c: IssueContext): string[] {
    const field = (p: readonly PropertyKey[]) => {
        const full = [...(c.path ?? []), ...p.map(String)].join(".");
        return full ? `${c.keyPrefix ?? ""}${full}` : "";
    };
    return issues.map((i) => {
        if (i.code === "unrecognized_keys") {
            const where = field(i.path);
            // A nested field is named under its parent, which already carries the prefix.
            const keys = (i as { keys: string[] }).keys.map((k) => (where ? k : `${c.keyPrefix ?? ""}${k}`));
            return [c.at, where, `unknown field(s) ${keys.join(", ")}: remove them or check the spelling`]
                .filter(Boolean)
                .join(": ");
        }
        return [c.at, field(i.path), i.message].filter(Boolean).join(": ");
    });
}
