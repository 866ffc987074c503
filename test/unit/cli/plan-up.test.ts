import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planAndUp } from "../../../cli/planUp";

// planAndUp's wiring, with a stand-in `pulumi` on PATH that writes the plan it is given and
// records how `up` was called (the real engine runs in test/e2e/plan-up.test.ts).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-fake-pulumi-"));
const calls = path.join(dir, "calls");
fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh
echo "$1 skip=\${PULUMI_SKIP_CHECKPOINTS:-unset} $*" >> "${calls}"
if [ "$1" = preview ]; then
  [ -n "$FAKE_PREVIEW_FAIL" ] && exit 3
  cp "$FAKE_PLAN" "$3"
  echo "Update plan written to '$3'"
  echo "Run \\\`pulumi up --plan='$3'\\\` to constrain the update"
fi
[ "$1" = up ] && [ -n "$FAKE_UP_FAIL" ] && exit 255
exit 0
`,
    { mode: 0o755 },
);
const env = { ...process.env };
afterEach(() => {
    process.env = { ...env };
    fs.rmSync(calls, { force: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const snapshot = "urn:pulumi:prod::release-train::pulumi-nodejs:dynamic/pulp:Snapshot::s";
const remote = "urn:pulumi:prod::release-train::pulumi-nodejs:dynamic/pulp:Remote::r";
async function run(plan: Record<string, string[]>, extraEnv: Record<string, string> = {}) {
    const file = path.join(dir, "plan.json");
    fs.writeFileSync(
        file,
        JSON.stringify({
            resourcePlans: Object.fromEntries(Object.entries(plan).map(([u, s]) => [u, { steps: s }])),
        }),
    );
    process.env = { ...env, ...extraEnv, FAKE_PLAN: file, PATH: `${dir}:${env.PATH}` };
    const said: string[] = [];
    const result = await planAndUp({
        stack: "prod",
        projectDir: dir,
        yes: true,
        pulumiArgs: ["--parallel", "8"],
        say: (l) => said.push(l),
    });
    const lines = fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n") : [];
    return { result, said, lines };
}

test("a plan of snapshot updates runs pulumi up on that plan without per-step checkpoints", async () => {
    const { result, said, lines } = await run({ [snapshot]: ["update"] });
    expect(result).toMatchObject({ ran: true, verdict: { changes: 1, redoable: true } });
    expect(said.join("\n")).toContain("1 snapshot update(s) and nothing else");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
        /^preview skip=unset preview --save-plan \S+\/plan\.json --stack prod --non-interactive --parallel 8$/,
    );
    const plan = lines[0].split(" ")[4];
    expect(lines[1]).toBe(
        `up skip=true up --plan ${plan} --skip-preview --yes --stack prod --non-interactive --parallel 8`,
    );
    // The plan (the stack's inputs) does not outlive the command.
    expect(fs.existsSync(path.dirname(plan))).toBe(false);
});

test("any other change keeps every checkpoint, even if the environment asked to skip them", async () => {
    const { result, said, lines } = await run(
        { [snapshot]: ["update"], [remote]: ["update"] },
        { PULUMI_SKIP_CHECKPOINTS: "true" },
    );
    expect(result).toMatchObject({ ran: true, verdict: { redoable: false } });
    expect(said.join("\n")).toContain(`among them update of pulumi-nodejs:dynamic/pulp:Remote r`);
    expect(lines[1]).toMatch(/^up skip=unset up --plan /);
});

test("no changes: no pulumi up", async () => {
    const { result, said, lines } = await run({ [snapshot]: ["same"] });
    expect(result.ran).toBe(false);
    expect(said).toEqual(["release-train up: no changes to make"]);
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["preview"]);
});

test("a failed preview changes nothing and says so", async () => {
    await expect(run({ [snapshot]: ["update"] }, { FAKE_PREVIEW_FAIL: "1" })).rejects.toThrow(
        "pulumi preview failed (exit 3): nothing was changed",
    );
    expect(fs.readFileSync(calls, "utf8")).not.toMatch(/^up /m);
});

test("a failed up says what is in the state and how to read the changes it did not reach", async () => {
    const err = (await run({ [snapshot]: ["update"] }, { FAKE_UP_FAIL: "1" }).catch(
        (e: Error) => e,
    )) as Error;
    expect(err.message).toMatch(
        /^pulumi up failed \(exit 255\); what it finished is in the state; run release-train up again/,
    );
    expect(err.message).toContain(
        `Each "expected resource operations for … but none were seen" above is a planned change the run did not reach; the next release-train up makes it`,
    );
});

test("without --yes and no terminal to ask on, it refuses before running anything", async () => {
    process.env = { ...env, PATH: `${dir}:${env.PATH}` };
    await expect(planAndUp({ stack: "prod", projectDir: dir, yes: false, say: () => {} })).rejects.toThrow(
        "pass --yes when not run from a terminal",
    );
    expect(fs.existsSync(calls)).toBe(false);
});
