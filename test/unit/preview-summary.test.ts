import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderPreviewSummary, shortType } from "../../cli/previewSummary";

// The fixtures are real `pulumi preview --json` output of the dev stack on a local Pulp, recorded by
// test/fixtures/preview/record.ts; snapshot ids are read from them so a re-recording keeps these valid.
type Json = Record<string, any>;
const dir = path.join(__dirname, "../fixtures/preview");
const text = (name: string) => fs.readFileSync(path.join(dir, `${name}.json`), "utf8");
const fixture = (name: string): Json => JSON.parse(text(name));
/** The snapshot ids of one repository that a fixture's changed snapshots carry in their labels, oldest first. */
const ids = (p: Json, short: string): string[] => {
    const labels = p.steps.flatMap((s: Json) =>
        [s.oldState, s.newState].map((st: Json | undefined) => st?.inputs?.pulp_labels ?? {}),
    );
    const of = labels.filter((l: Json) => l["release-train.short_name"] === short);
    return [...new Set<string>(of.map((l: Json) => l["release-train.snapshot"]))].sort();
};
/** Every string under a step's inputs, with the key it sits at. */
function inputStrings(v: unknown, key = ""): [string, string][] {
    if (typeof v === "string") return [[key, v]];
    if (v && typeof v === "object")
        return Object.entries(v).flatMap(([k, x]) => inputStrings(x, Array.isArray(v) ? key : k));
    return [];
}

test("a sync's ledger change: new snapshots counted per type and named with their guard", () => {
    const p = fixture("new-snapshots");
    const [rpms] = ids(p, "local_rpms");
    const [files] = ids(p, "local_files");
    const md = renderPreviewSummary("dev", p);
    expect(md.split("\n")[0]).toBe("**dev**: 2 to create, 0 to update, 0 to delete, 15 unchanged");
    // One resource per snapshot.
    expect(md).toContain("| resource type | create |\n|---|--:|\n| `pulp:Snapshot` | 2 |\n\n");
    expect(md).toContain(
        `- **New snapshots** (2): \`local_files@${files}\` (development), \`local_rpms@${rpms}\` (development)\n`,
    );
    expect(md).not.toMatch(/Guard changes|Pins:|removed/);
});

test("a pins change: the guards flip development → release, the client's user joins", () => {
    const p = fixture("promotion");
    const [rpms] = ids(p, "local_rpms");
    const [files] = ids(p, "local_files");
    const md = renderPreviewSummary("prod", p);
    expect(md.split("\n")[0]).toBe("**prod**: 1 to create, 3 to update, 0 to delete, 14 unchanged");
    expect(md).toContain("| `pulp:Group` |  | 1 |\n| `pulp:Snapshot` |  | 2 |\n| `pulp:User` | 1 |  |\n");
    expect(md).toContain(
        `- **Guard changes** (2): \`local_files@${files}\` development → release, \`local_rpms@${rpms}\` development → release\n`,
    );
    expect(md).toContain(`- **Pins: now released** (2): \`local_files@${files}\`, \`local_rpms@${rpms}\`\n`);
    expect(md).toContain("- **Ark users added** (1): `site-a`\n");
    expect(md).not.toMatch(/New snapshots|no longer released/);
});

test("moving a pin flips one snapshot each way; which guard is read from the stage label", () => {
    const p = fixture("pin-move");
    const [oldRpms, newRpms] = ids(p, "local_rpms");
    const [oldFiles, newFiles] = ids(p, "local_files");
    const md = renderPreviewSummary("dev", p);
    expect(md.split("\n")[0]).toBe("**dev**: 0 to create, 4 to update, 0 to delete, 16 unchanged");
    expect(md).toContain("| `pulp:Snapshot` | 4 |\n");
    expect(md).toContain(`\`local_rpms@${oldRpms}\` release → development`);
    expect(md).toContain(`\`local_rpms@${newRpms}\` development → release`);
    expect(md).toContain(`\`local_files@${oldFiles}\` release → development`);
    expect(md).toContain(
        `- **Pins: now released** (2): \`local_files@${newFiles}\`, \`local_rpms@${newRpms}\`\n`,
    );
    expect(md).toContain(
        `- **Pins: no longer released** (2): \`local_files@${oldFiles}\`, \`local_rpms@${oldRpms}\`\n`,
    );
});

test("a prune: the dropped snapshots are named as removed", () => {
    const p = fixture("prune");
    const md = renderPreviewSummary("dev", p);
    expect(md.split("\n")[0]).toBe("**dev**: 0 to create, 0 to update, 4 to delete, 16 unchanged");
    expect(md).toContain("| resource type | delete |\n");
    expect(md).toContain("| `pulp:Snapshot` | 4 |\n");
    expect(md).toContain(
        `- **Snapshots removed** (4): ${[...ids(p, "local_files").map((i) => `local_files@${i}`), ...ids(p, "local_rpms").map((i) => `local_rpms@${i}`)].map((x) => `\`${x}\``).join(", ")}\n`,
    );
    expect(md).not.toMatch(/New snapshots|Guard changes/);
});

test("no changes is one line", () => {
    expect(renderPreviewSummary("dev", fixture("no-changes"))).toBe("**dev**: no changes (18 unchanged)\n");
});

test("a stack made before one resource per snapshot: each snapshot's Distribution becomes its Snapshot", () => {
    const p = fixture("migration");
    const [rpms] = ids(p, "local_rpms");
    const [files] = ids(p, "local_files");
    const md = renderPreviewSummary("dev", p);
    expect(md.split("\n")[0]).toBe("**dev**: 0 to create, 2 to update, 4 to delete, 13 unchanged");
    expect(md).toContain(
        "| `pulp:Publication` |  | 2 |\n| `pulp:Snapshot` | 2 |  |\n| `releasetrain:ReleaseSnapshot` |  | 2 |\n",
    );
    expect(md).toContain(
        "- **Snapshots now one resource each (their Publication and ReleaseSnapshot resources only leave the state; " +
            `Pulp keeps serving them)** (2): \`local_files@${files}\`, \`local_rpms@${rpms}\`\n`,
    );
    // Nothing is called removed, and no guard moves.
    expect(md).not.toMatch(/removed|Guard changes|New snapshots|Pins:/);
});

test("a failing preview shows its error, without colour codes, instead of a table", () => {
    const md = renderPreviewSummary("dev", fixture("invalid-pins"));
    expect(md.split("\n")[0]).toBe("**dev**: ❌ the preview failed (1 error)");
    expect(md).toMatch(
        /```text\nerror: Running program .*\n(.*\n)*.*pins local_rpms to 20990101T000000, which is not in the ledger/,
    );
    expect(text("invalid-pins")).toContain("\\u001b[32m"); // the engine's message is coloured…
    expect(md).not.toContain("\u001b["); // …the comment is not
    expect(md).not.toContain("| resource type |");
});

test("no input value reaches the summary, least of all a secret", () => {
    const names = ["migration", "new-snapshots", "promotion", "pin-move", "prune"];
    for (const name of names) {
        const p = fixture(name);
        const md = renderPreviewSummary("dev", p);
        // Secrets are in the recording (masked) and not in the summary.
        expect(text(name)).toContain('"connection": "[secret]"');
        expect(md).not.toContain("[secret]");
        // Hrefs, base paths, distribution names, the provider code: none is printed. Snapshot labels
        // and usernames are what the summary names on purpose.
        const values = p.steps
            .flatMap((s: Json) => [s.oldState?.inputs, s.newState?.inputs])
            .flatMap((i: unknown) => inputStrings(i))
            .filter(
                ([k, v]: [string, string]) =>
                    !k.startsWith("release-train.") && k !== "username" && v.length >= 8,
            );
        expect(values.length).toBeGreaterThan(10);
        for (const [, v] of values) expect(md).not.toContain(v);
    }

    // The recorder refuses a recording with a password in clear; were one to reach a plain input, or
    // appear in the engine's secret envelope, the summary still must not print it.
    const placeholder = "<client-password-site-a>";
    for (const name of names) expect(text(name)).not.toContain(placeholder);
    const p = fixture("promotion");
    const user = p.steps.find((s: Json) => s.urn.endsWith("pulp:User::ark-client-site-a"));
    user.newState.inputs.password = placeholder;
    user.newState.inputs.description = {
        "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
        plaintext: JSON.stringify(placeholder),
    };
    const md = renderPreviewSummary("prod", p);
    expect(md).toContain("`site-a`");
    expect(md).not.toContain(placeholder);
    expect(md).not.toContain("4dabf18193072939515e22adb298388d");
});

test("long lists name the first 25 and count the rest", () => {
    const p = fixture("new-snapshots");
    const dist = p.steps.find(
        (s: Json) => s.newState?.inputs?.pulp_labels?.["release-train.short_name"] === "local_rpms",
    );
    for (let i = 0; i < 30; i++) {
        const copy = JSON.parse(JSON.stringify(dist));
        copy.urn += `-${i}`;
        copy.newState.inputs.pulp_labels["release-train.snapshot"] =
            `2030010${i % 10}T0000${String(i).padStart(2, "0")}`;
        p.steps.push(copy);
    }
    const md = renderPreviewSummary("dev", p);
    expect(md).toContain("| `pulp:Snapshot` | 32 |");
    expect(md).toMatch(/- \*\*New snapshots\*\* \(32\): (`[^`]+` \(development\), ){25}… and 7 more\n/);
});

test("type names are shortened the same way for dynamic, component and package resources", () => {
    expect(shortType("pulumi-nodejs:dynamic/pulp:Distribution")).toBe("pulp:Distribution");
    expect(shortType("github:index/repositoryFile:RepositoryFile")).toBe("github:RepositoryFile");
    expect(shortType("releasetrain:ark:ReleaseSnapshot")).toBe("releasetrain:ReleaseSnapshot");
    expect(shortType("pulumi:providers:github")).toBe("provider:github");
});

test("anything but preview JSON is refused with what is wrong", () => {
    expect(() => renderPreviewSummary("dev", { steps: 3 })).toThrow(
        /not the output of 'pulumi preview --json': steps: .*expected array/,
    );
    expect(() => renderPreviewSummary("dev", "nope")).toThrow(/not the output of 'pulumi preview --json'/);
});

test("release-train preview-summary prints the same markdown", () => {
    const file = path.join(dir, "promotion.json");
    const out = execFileSync(
        path.join(__dirname, "../../bin/release-train"),
        ["preview-summary", "prod", file],
        {
            encoding: "utf8",
        },
    );
    expect(out).toBe(renderPreviewSummary("prod", fixture("promotion")));
});
