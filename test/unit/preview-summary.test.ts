import * as fs from "fs";
import * as path from "path";
import { renderPreviewSummary, shortType } from "../../cli/previewSummary";

// Fixtures are real `pulumi preview --json` output of the dev stack (test/fixtures/preview/record).
const fixture = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(__dirname, `../fixtures/preview/${name}.json`), "utf8"));
const ledgerId = (preview: { steps: { urn: string }[] }) =>
    /local_rpms-(\d{8}T\d{6})-dist/.exec(preview.steps.map((s) => s.urn).join(" "))![1];

test("a ledger change: new snapshots are counted per type and named with their guard", () => {
    const p = fixture("new-snapshots");
    const id = ledgerId(p);
    const md = renderPreviewSummary("dev", p);
    expect(md).toContain("### `dev`: 6 to create, 13 unchanged");
    expect(md).toContain("| `pulp:Distribution` | 2 |");
    expect(md).toContain("| `pulp:Publication` | 2 |");
    expect(md).toContain("| `releasetrain:ReleaseSnapshot` | 2 |");
    expect(md).toContain(
        `- **New snapshots** (2): \`local_files@${id} (development)\`, \`local_rpms@${id} (development)\``,
    );
    expect(md).not.toContain("Guard changes");
});

test("a pins change: the guard flips and the newly released snapshots are named", () => {
    const p = fixture("promotion");
    const id = ledgerId(p);
    const md = renderPreviewSummary("prod", p);
    expect(md).toContain("### `prod`: 1 to create, 3 to update, 16 unchanged");
    expect(md).toContain("| `pulp:Distribution` |  | 2 |");
    expect(md).toContain("| `pulp:User` | 1 |  |");
    expect(md).toContain(
        `- **Guard changes** (2): \`local_files@${id}: development → release\`, \`local_rpms@${id}: development → release\``,
    );
    expect(md).toContain(`- **Pins: newly released** (2): \`local_files@${id}\`, \`local_rpms@${id}\``);
    expect(md).toContain("- **Ark users added** (1): `site-a`");
    expect(md).not.toContain("New snapshots");
});

test("no changes, and a failing preview shows its error instead of a table", () => {
    expect(renderPreviewSummary("dev", fixture("no-changes"))).toBe("### `dev`: no changes (20 unchanged)\n");
    const md = renderPreviewSummary("dev", fixture("invalid-pins"));
    expect(md).toContain("### ❌ `dev`: the preview failed");
    expect(md).toContain("pins local_rpms to 20990101T000000, which is not in the ledger");
    expect(md).not.toMatch(/\u001b\[/);
    expect(md).not.toContain("| resource type |");
});

test("no input value reaches the summary: secrets and hrefs stay out", () => {
    const p = fixture("promotion");
    // Plant a recognisable secret where a provider would put one, as a plain value.
    const user = p.steps.find((s: { urn: string }) => s.urn.endsWith("ark-client-site-a"));
    user.newState.inputs.password = "hunter2-plain";
    const md = renderPreviewSummary("prod", p);
    expect(md).not.toContain("hunter2-plain");
    expect(md).not.toContain("[secret]");
    expect(md).not.toContain("/pulp/api/v3/");
});

test("type names are shortened the same way for dynamic and package resources", () => {
    expect(shortType("pulumi-nodejs:dynamic/pulp:Distribution")).toBe("pulp:Distribution");
    expect(shortType("github:index/repositoryFile:RepositoryFile")).toBe("github:RepositoryFile");
    expect(shortType("releasetrain:ark:ReleaseSnapshot")).toBe("releasetrain:ReleaseSnapshot");
});
