import { z } from "zod";
import { IMMUTABLE_LABEL, VERSION_LABEL } from "../components/pulp/providers/distribution";
import { SNAPSHOT_TYPES, urnName, urnType } from "./urn";

// Renders `pulumi preview --json` as the short markdown summary on top of a pull request's preview
// comment. What that JSON carries (Pulumi 3.274, recorded in test/fixtures/preview/):
// - `steps`: one per resource that changes (a preview leaves out "same" steps except the stack's own),
//   each with `op`, `urn`, `oldState` / `newState` holding `type` and `inputs`;
// - no `detailedDiff` (null) and no `diffReasons` for dynamic providers: changes are read by comparing
//   the old and new inputs;
// - secret inputs as "[secret]";
// - the stack's outputs only in `oldState` (the last update's): a preview computes no new outputs, so
//   the `snapshots` output cannot be diffed. Pins are files, not resources: a pins change shows only as
//   the guard flips of the snapshots it releases or withdraws (and client users joining Ark). Client
//   stacks declare no mirror remotes in this program, so there is nothing else to name.
// Only counts, type names, snapshot ids, stages (which guard) and usernames are printed, never input values.

const state = z.object({
    type: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
});
type State = z.infer<typeof state>;
const step = z.object({
    op: z.string(),
    urn: z.string(),
    oldState: state.optional(),
    newState: state.optional(),
});
type Step = z.infer<typeof step>;
const previewSchema = z.object({
    steps: z.array(step).default([]),
    changeSummary: z.record(z.string(), z.number()).default({}),
    diagnostics: z
        .array(
            z.object({
                message: z.string().default(""),
                severity: z.string().optional(),
                urn: z.string().optional(),
            }),
        )
        .default([]),
});

// Set on every snapshot by components/ark/releaseSnapshot.ts, beside the two labels
// (IMMUTABLE_LABEL, VERSION_LABEL) that make it immutable. The stage says which guard it has.
const SHORT_NAME_LABEL = "release-train.short_name";
const SNAPSHOT_LABEL = "release-train.snapshot";
const STAGE_LABEL = "release-train.stage";
/** A replace also shows as these two steps of the same resource: counted once, as "replace". */
const REPLACE_PARTS = new Set(["create-replacement", "delete-replaced"]);
const OPS = ["create", "update", "replace", "delete"];
/** Beyond this many, a list names the first ones and says how many more. */
const MAX_LISTED = 25;
const MAX_ERROR_LINES = 30;

/** `pulumi-nodejs:dynamic/pulp:Distribution` → `pulp:Distribution`; `github:index/team:Team` → `github:Team`. */
export function shortType(type: string): string {
    const [pkg, mod = "", name = mod] = type.split(":");
    if (pkg === "pulumi-nodejs" && mod.startsWith("dynamic/"))
        return `${mod.slice("dynamic/".length)}:${name}`;
    if (pkg === "pulumi" && mod === "providers") return `provider:${name}`;
    return `${pkg}:${name}`;
}

/** The type from the state, else from the URN (`…::parent$type::name`). */
const typeOf = (s: Step) => s.newState?.type ?? s.oldState?.type ?? urnType(s.urn);

/** A plain (non-secret) string input, else undefined. */
function plain(st: State | undefined, key: string): string | undefined {
    const v = st?.inputs?.[key];
    return typeof v === "string" && v !== "[secret]" ? v : undefined;
}

function labels(st?: State): Record<string, string> {
    const l = st?.inputs?.pulp_labels;
    return l && typeof l === "object" ? (l as Record<string, string>) : {};
}

/** `short_name@snapshot id` for a snapshot, else undefined. */
function snapshotOf(s: Step, st?: State): string | undefined {
    const l = labels(st);
    if (!SNAPSHOT_TYPES.test(st?.type ?? typeOf(s)) || l[IMMUTABLE_LABEL] !== "true" || !l[VERSION_LABEL])
        return undefined;
    return l[SHORT_NAME_LABEL] && l[SNAPSHOT_LABEL]
        ? `${l[SHORT_NAME_LABEL]}@${l[SNAPSHOT_LABEL]}`
        : urnName(s.urn);
}

/** Which guard a snapshot has, by its stage label (the guard's href differs per server). */
function guardOf(st?: State): string {
    if (st?.inputs?.content_guard == null) return "no guard";
    return labels(st)[STAGE_LABEL] ?? "a guard without a stage label";
}

function list(title: string, items: string[]): string[] {
    if (!items.length) return [];
    const sorted = [...items].sort();
    const shown = sorted.slice(0, MAX_LISTED).join(", ");
    const more = sorted.length > MAX_LISTED ? `, … and ${sorted.length - MAX_LISTED} more` : "";
    return [`- **${title}** (${items.length}): ${shown}${more}`];
}

/** A diagnostic as text for a code block: no colours, no fence, at most MAX_ERROR_LINES lines. */
function errorText(message: string): string {
    const lines = message
        .replace(/\u001b\[[0-9;]*m/g, "")
        .replace(/`{3,}/g, "'''")
        .trimEnd()
        .split("\n");
    const more = lines.length > MAX_ERROR_LINES ? [`… ${lines.length - MAX_ERROR_LINES} more lines`] : [];
    return [...lines.slice(0, MAX_ERROR_LINES), ...more].join("\n");
}

export function renderPreviewSummary(stack: string, preview: unknown): string {
    const parsed = previewSchema.safeParse(preview);
    if (!parsed.success)
        throw new Error(
            `not the output of 'pulumi preview --json': ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        );
    const { changeSummary: summary, diagnostics } = parsed.data;
    const steps = parsed.data.steps.filter((s) => s.op !== "same" && !REPLACE_PARTS.has(s.op));
    const errors = diagnostics.filter((d) => d.severity === "error");
    const out: string[] = [];

    const unchanged = `${summary.same ?? 0} unchanged`;
    if (errors.length) {
        const n = errors.length;
        out.push(`**${stack}**: ❌ the preview failed (${n} error${n > 1 ? "s" : ""})`, "");
        // A code block keeps a validation error's list of problems readable and its text inert.
        out.push("```text");
        for (const e of errors) out.push(`${e.urn ? `${urnName(e.urn)}: ` : ""}${errorText(e.message)}`);
        out.push("```");
        if (!steps.length) return out.join("\n") + "\n";
        out.push("", "Changes found before the failure:", "");
    } else if (!steps.length) {
        return `**${stack}**: no changes (${unchanged})\n`;
    } else {
        const extra = Object.keys(summary).filter((op) => op !== "same" && !OPS.includes(op) && summary[op]);
        const totals = [...OPS, ...extra]
            .filter((op) => op !== "replace" || summary.replace)
            .map((op) => `${summary[op] ?? 0} to ${op}`);
        out.push(`**${stack}**: ${[...totals, unchanged].join(", ")}`, "");
    }

    // Changes per resource type.
    const counts = new Map<string, Map<string, number>>();
    for (const s of steps) {
        const t = shortType(typeOf(s));
        const byOp = counts.get(t) ?? new Map<string, number>();
        counts.set(t, byOp.set(s.op, (byOp.get(s.op) ?? 0) + 1));
    }
    const seen = [...new Set(steps.map((s) => s.op))];
    const ops = [...OPS.filter((op) => seen.includes(op)), ...seen.filter((op) => !OPS.includes(op)).sort()];
    out.push(`| resource type | ${ops.join(" | ")} |`, `|---|${ops.map(() => "--:").join("|")}|`);
    for (const [t, byOp] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
        out.push(`| \`${t}\` | ${ops.map((op) => byOp.get(op) ?? "").join(" | ")} |`);
    out.push("");

    // Snapshots, their guards, and what the pins release.
    const added: string[] = [];
    const removed: string[] = [];
    const guardChanges: string[] = [];
    const released: string[] = [];
    const withdrawn: string[] = [];
    const merged: string[] = [];
    for (const s of steps) {
        const before = snapshotOf(s, s.oldState);
        const after = snapshotOf(s, s.newState);
        if (s.op === "create" && after) added.push(`\`${after}\` (${guardOf(s.newState)})`);
        if (s.op === "delete" && before) removed.push(`\`${before}\``);
        if ((s.op === "update" || s.op === "replace") && after) {
            const [from, to] = [s.oldState, s.newState].map((st) => st?.inputs?.content_guard);
            if (from !== to)
                guardChanges.push(`\`${after}\` ${guardOf(s.oldState)} → ${guardOf(s.newState)}`);
            const [wasStage, stage] = [s.oldState, s.newState].map((st) => labels(st)[STAGE_LABEL]);
            if (stage !== wasStage && stage === "release") released.push(`\`${after}\``);
            if (stage !== wasStage && wasStage === "release") withdrawn.push(`\`${after}\``);
            // A stack made before a snapshot was one resource: its Distribution becomes the Snapshot.
            if (
                s.oldState?.type?.endsWith("pulp:Distribution") &&
                s.newState?.type?.endsWith("pulp:Snapshot")
            )
                merged.push(`\`${after}\``);
        }
    }
    // Client users: a client's first pins add its Ark user (its password is a secret input, never read).
    const users = (op: string, st: "oldState" | "newState") =>
        steps
            .filter((s) => s.op === op && typeOf(s).endsWith("pulp:User"))
            .map((s) => `\`${plain(s[st], "username") ?? urnName(s.urn)}\``);
    const usersAdded = users("create", "newState");
    const usersRemoved = users("delete", "oldState");
    out.push(
        ...list("New snapshots", added),
        ...list("Snapshots removed", removed),
        ...list("Guard changes", guardChanges),
        ...list("Pins: now released", released),
        ...list("Pins: no longer released", withdrawn),
        ...list(
            "Snapshots now one resource each (their Publication and ReleaseSnapshot resources only leave the state; Pulp keeps serving them)",
            merged,
        ),
        ...list("Ark users added", usersAdded),
        ...list("Ark users removed", usersRemoved),
    );
    return out.join("\n").trimEnd() + "\n";
}
