import { z } from "zod";
import { SNAPSHOT_TYPES, urnName, urnType } from "./urn";

// Reads the update plan `pulumi preview --save-plan` writes and decides whether the update may run
// without a checkpoint after every step. The engine rewrites the whole state twice per step (the
// pending operation, then its result), one step at a time: a promotion of N snapshots is 2N full
// rewrites, which at production size is most of its time. Skipping them (PULUMI_SKIP_CHECKPOINTS)
// leaves one write at the end, so an interrupted update records nothing of what it did. That loses
// nothing only when every step is one the next `up` redoes as it was: an update of a snapshot (or,
// in stacks made before one resource per snapshot, of its distribution) is a PATCH of the guard and
// labels to the values the program declares, so redoing it is harmless. A create, delete or replace
// left out of the state would leave an object in Pulp that Pulumi no longer knows: those keep
// every checkpoint.

const PROVIDER = "pulumi:providers:";

const planSchema = z.object({
    resourcePlans: z.record(z.string(), z.object({ steps: z.array(z.string()).default([]) })).default({}),
});

export interface PlanVerdict {
    /** Resources the update changes. */
    readonly changes: number;
    /** Every change is a snapshot update, so the update may skip per-step checkpoints. */
    readonly redoable: boolean;
    /** When not: the first change that needs checkpoints, for the operator. */
    readonly why?: string;
}

export function judgePlan(plan: unknown, file = "the update plan"): PlanVerdict {
    const parsed = planSchema.safeParse(plan);
    if (!parsed.success)
        throw new Error(`${file} is not a Pulumi update plan: ${parsed.error.issues[0].message}`);
    let changes = 0;
    let why: string | undefined;
    for (const [urn, { steps }] of Object.entries(parsed.data.resourcePlans)) {
        const changing = steps.filter((s) => s !== "same");
        if (changing.length === 0) continue;
        const type = urnType(urn);
        // A provider's inputs are the stack's config, read again on every run: an update of one
        // (a config change) is not counted, as pulumi counts, and is redone as it was.
        if (type.startsWith(PROVIDER) && changing.length === 1 && changing[0] === "update") continue;
        changes++;
        if (!why && !(changing.length === 1 && changing[0] === "update" && SNAPSHOT_TYPES.test(type)))
            why = `${changing.join(", ")} of ${type} ${urnName(urn)}`;
    }
    return { changes, redoable: why === undefined, ...(why ? { why } : {}) };
}

/** The engine's setting that keeps only the final checkpoint (Pulumi's env.SkipCheckpoints). */
export const SKIP_CHECKPOINTS = "PULUMI_SKIP_CHECKPOINTS";

/** The environment for `pulumi up --plan`: checkpoints skipped only for a redoable plan, whatever was set. */
export function upEnvironment(verdict: PlanVerdict, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const out = { ...env };
    if (verdict.redoable) out[SKIP_CHECKPOINTS] = "true";
    else delete out[SKIP_CHECKPOINTS];
    return out;
}
