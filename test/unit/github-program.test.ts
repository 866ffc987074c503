import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { installMocks } from "../harness/resourceRecorder";

// The stack's GitHub program: the manifest is checked before anything is declared, and the
// provider targets the manifest's organisation.
let seen: { type: string; name: string }[];
beforeAll(async () => {
    seen = await installMocks();
});
const ROOT = path.join(__dirname, "../..");

test("the prod manifest builds the organisation with a provider for its organisation", async () => {
    const { githubProgram } = await import("../../stacks/github");
    const org = await githubProgram("github", { manifest: "github/prod.yaml", root: ROOT });
    expect(Object.keys(org.repositories)).toContain("stackhpc-kayobe-config");
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.filter((s) => s.type === "pulumi:providers:github").map((s) => s.name)).toEqual([
        "github-provider",
    ]);
});

test("a broken manifest fails with every problem before any resource is declared", async () => {
    const { githubProgram } = await import("../../stacks/github");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-gh-"));
    const m = YAML.parse(fs.readFileSync(path.join(ROOT, "test/fixtures/github/small.yaml"), "utf8"));
    m.repositories.kolla.codeowners = "core";
    m.repositories.kolla.synced_releases = ["2023.1"];
    fs.writeFileSync(path.join(dir, "gh.yaml"), YAML.stringify(m));
    const before = seen.length;
    await expect(githubProgram("bad", { manifest: "gh.yaml", root: dir })).rejects.toThrow(
        /the GitHub manifest does not add up:\n  - .*kolla\.codeowners: CODEOWNERS team 'core' does not exist.*\n  - .*kolla\.synced_releases: '2023\.1' is not maintained/,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBe(before);
});
