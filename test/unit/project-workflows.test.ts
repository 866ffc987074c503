import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { actionlint } from "../harness/actionlint";

// The project's own workflows (.github/workflows): actionlint, with shellcheck on their scripts, and
// what actionlint cannot know: which secrets go where, one comment per stack, the cache key.
const ROOT = path.join(__dirname, "../..");
const dir = path.join(ROOT, ".github/workflows");
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, string> };
const workflow = (file: string) => YAML.parse(fs.readFileSync(path.join(dir, file), "utf8"));
// Where the toolchain's versions are pinned: Node and the Pulumi CLI, the Go tools and the Pulp venv,
// the npm packages.
const TOOLCHAIN_PINS = ["scripts/lib/env.sh", "tools/**", "package-lock.json"];
const hashedFiles = (key?: string) =>
    /hashFiles\(([^)]*)\)/
        .exec(key ?? "")?.[1]
        .split(",")
        .map((f) => f.trim().replace(/^'|'$/g, ""));

test("the project's CI and preview workflows pass actionlint (its findings are printed)", () => {
    const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(files.sort()).toEqual(["ci.yml", "preview.yml"]);
    expect(actionlint(files.map((f) => path.join(dir, f)))).toBe(0);
});

test("preview: a comment per stack, least privilege, secrets only where the preview runs", () => {
    const w = workflow("preview.yml");
    expect(Object.keys(w.on)).toEqual(["pull_request"]);
    expect(w.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(w.concurrency.group).toContain("github.event.pull_request.number");
    expect(w.jobs.preview.strategy.matrix.stack).toEqual(["prod", "client-example"]);
    const steps: Step[] = w.jobs.preview.steps;
    const scripts = steps.map((s) => s.run ?? "").join("\n");
    expect(scripts).toContain("scripts/bootstrap");
    // The runner's automatic Pulumi log is turned off before the first preview.
    const off = steps.findIndex((s) => s.run?.trim() === "scripts/pulumi-autolog off");
    expect(off).toBeGreaterThan(-1);
    expect(off).toBeLessThan(steps.findIndex((s) => s.name === "Preview"));
    expect(scripts).toMatch(/pulumi preview --stack "\$STACK" --diff /);
    expect(scripts).toMatch(/pulumi preview --stack "\$STACK" --json /);
    expect(scripts).toContain('npx release-train preview-summary "$STACK" preview.json');
    expect(scripts.match(/<!-- release-train-preview:\$STACK -->/g)).toHaveLength(2); // written, then found
    expect(steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s.name)).toEqual([
        "Preview",
    ]);
});

test("CI: bash .ci/run with the toolchain cache keyed on what builds it", () => {
    const w = workflow("ci.yml");
    expect(w.on).toEqual({ push: { branches: ["main"] }, pull_request: null });
    expect(w.permissions).toEqual({ contents: "read" });
    const steps: Step[] = w.jobs.test.steps;
    const cache = steps.find((s) => s.uses?.startsWith("actions/cache@"));
    expect(cache?.with?.path.split("\n")[0]).toBe("~/.cache/release-train");
    expect(hashedFiles(cache?.with?.key)).toEqual(TOOLCHAIN_PINS);
    expect(steps.at(-1)?.run?.trim()).toBe("bash .ci/run");
});

test("the preview's toolchain cache is keyed on every file that pins the toolchain", () => {
    const steps: Step[] = Object.values(workflow("preview.yml").jobs).flatMap(
        (j) => (j as { steps: Step[] }).steps,
    );
    const cache = steps.find((s) => s.uses?.startsWith("actions/cache@"));
    expect(hashedFiles(cache?.with?.key)).toEqual(TOOLCHAIN_PINS);
});

test("the files the cache keys hash are the ones that pin the toolchain", () => {
    // A pin moved elsewhere must move the keys too: a changed pin under an old key would restore
    // the old toolchain and rebuild the new one on every run.
    const env = fs.readFileSync(path.join(ROOT, "scripts/lib/env.sh"), "utf8");
    expect(env).toMatch(/^RT_NODE_VERSION="[\d.]+"$/m);
    expect(env).toMatch(/^RT_PULUMI_VERSION="v[\d.]+"$/m);
    expect(fs.existsSync(path.join(ROOT, "tools/pulumi/go.mod"))).toBe(true);
});
