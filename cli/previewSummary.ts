// Renders `pulumi preview --json` as the short markdown summary that heads the preview comment on a
// pull request. It only ever prints resource names, types, snapshot ids and guard stages, never
// input values: a preview carries secrets (as "[secret]") next to plain inputs.

interface State {
    type?: string;
    inputs?: Record<string, unknown>;
}
interface Step {
    op: string;
    urn: string;
    oldState?: State;
    newState?: State;
}
interface Preview {
    steps?: Step[];
    changeSummary?: Record<string, number>;
    diagnostics?: { message?: string; severity?: string; urn?: string }[];
}

const SNAPSHOT_LABEL = "release-train.snapshot";
const SHORT_NAME_LABEL = "release-train.short_name";
const STAGE_LABEL = "release-train.stage";
const ORDER = [
    "create",
    "update",
    "replace",
    "create-replacement",
    "delete-replaced",
    "delete",
    "read",
    "import",
];

/** `pulumi-nodejs:dynamic/pulp:Distribution` → `pulp:Distribution`; `github:index/team:Team` → `github:Team`. */
export function shortType(type: string): string {
    const [pkg, mod = ""] = type.split(":");
    const name = type.split(":").pop()!;
    if (pkg === "pulumi-nodejs" && mod.startsWith("dynamic/"))
        return `${mod.slice("dynamic/".length)}:${name}`;
    return `${pkg}:${name}`;
}

function typeOf(s: Step): string {
    return s.newState?.type ?? s.oldState?.type ?? s.urn.split("::")[2].split("$").pop()!;
}

function labels(st?: State): Record<string, string> | undefined {
    const l = st?.inputs?.pulp_labels;
    return l && typeof l === "object" ? (l as Record<string, string>) : undefined;
}

/** `short_name@snapshot` for a snapshot distribution, else undefined. */
function snapshotOf(st?: State): string | undefined {
    const l = labels(st);
    return l?.[SNAPSHOT_LABEL] ? `${l[SHORT_NAME_LABEL] ?? "?"}@${l[SNAPSHOT_LABEL]}` : undefined;
}

function list(title: string, items: string[]): string[] {
    const sorted = [...items].sort();
    return items.length
        ? [`- **${title}** (${items.length}): ${sorted.map((i) => `\`${i}\``).join(", ")}`]
        : [];
}

function firstLine(message: string): string {
    // Drop ANSI colours and keep the diagnostic short; the full text is in the collapsed diff.
    const clean = message.replace(/\u001b\[[0-9;]*m/g, "").trim();
    return clean.split("\n").slice(0, 4).join(" ").replace(/\s+/g, " ").slice(0, 500);
}

export function renderPreviewSummary(stack: string, raw: unknown): string {
    const preview = (raw ?? {}) as Preview;
    const steps = (preview.steps ?? []).filter((s) => s.op !== "same");
    const summary = preview.changeSummary ?? {};
    const errors = (preview.diagnostics ?? []).filter((d) => d.severity === "error");
    const out: string[] = [];

    if (errors.length) {
        out.push(`### ❌ \`${stack}\`: the preview failed`, "");
        for (const e of errors) out.push(`- ${firstLine(e.message ?? "")}`);
        return out.join("\n") + "\n";
    }
    const totals = ORDER.filter((op) => summary[op]).map((op) => `${summary[op]} to ${op}`);
    if (!steps.length) {
        out.push(`### \`${stack}\`: no changes (${summary.same ?? 0} unchanged)`);
        return out.join("\n") + "\n";
    }
    out.push(`### \`${stack}\`: ${totals.join(", ")}, ${summary.same ?? 0} unchanged`, "");

    const counts = new Map<string, Map<string, number>>();
    for (const s of steps) {
        const t = shortType(typeOf(s));
        if (!counts.has(t)) counts.set(t, new Map());
        counts.get(t)!.set(s.op, (counts.get(t)!.get(s.op) ?? 0) + 1);
    }
    const ops = ORDER.filter((op) => steps.some((s) => s.op === op));
    out.push(`| resource type | ${ops.join(" | ")} |`, `|---|${ops.map(() => "---:").join("|")}|`);
    for (const [t, byOp] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
        out.push(`| \`${t}\` | ${ops.map((op) => byOp.get(op) ?? "").join(" | ")} |`);
    out.push("");

    const added: string[] = [];
    const removed: string[] = [];
    const released: string[] = [];
    const withdrawn: string[] = [];
    const guardChanges: string[] = [];
    for (const s of steps) {
        if (!typeOf(s).endsWith(":Distribution")) continue;
        const before = snapshotOf(s.oldState);
        const after = snapshotOf(s.newState);
        if (s.op === "create" && after) added.push(`${after} (${labels(s.newState)?.[STAGE_LABEL] ?? "?"})`);
        if (s.op === "delete" && before) removed.push(before);
        if (s.op === "update" && after) {
            const from = labels(s.oldState)?.[STAGE_LABEL];
            const to = labels(s.newState)?.[STAGE_LABEL];
            if (from !== to) {
                guardChanges.push(`${after}: ${from} → ${to}`);
                if (to === "release") released.push(after);
                if (from === "release") withdrawn.push(after);
            }
        }
    }
    // Pins are files, not resources: a pins change shows here as the snapshots it releases or
    // stops releasing, and as client users joining or leaving Ark.
    const clientsAdded = steps
        .filter((s) => s.op === "create" && typeOf(s).endsWith("pulp:User"))
        .map((s) => String(s.newState?.inputs?.username ?? s.urn.split("::").pop()));
    const clientsRemoved = steps
        .filter((s) => s.op === "delete" && typeOf(s).endsWith("pulp:User"))
        .map((s) => String(s.oldState?.inputs?.username ?? s.urn.split("::").pop()));
    out.push(
        ...list("New snapshots", added),
        ...list("Snapshots removed", removed),
        ...list("Guard changes", guardChanges),
        ...list("Pins: newly released", released),
        ...list("Pins: no longer released", withdrawn),
        ...list("Ark users added", clientsAdded),
        ...list("Ark users removed", clientsRemoved),
    );
    return out.join("\n").trimEnd() + "\n";
}
