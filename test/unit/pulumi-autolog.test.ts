import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tempBackend } from "../harness/engine";
import { ROOT } from "../harness/pulp";

// scripts/pulumi-autolog against the real CLI: `pulumi version` is the cheapest command that starts
// the CLI's automatic log.
const script = path.join(ROOT, "scripts/pulumi-autolog");
const run = (home: string, ...args: string[]) =>
    spawnSync(script, args, { env: { ...process.env, PULUMI_HOME: home }, encoding: "utf8" });
const pulumiVersion = (home: string) =>
    execFileSync("pulumi", ["version"], { env: { ...process.env, PULUMI_HOME: home }, encoding: "utf8" });
const logFiles = (dir: string) => (fs.statSync(dir).isDirectory() ? fs.readdirSync(dir) : []);

let home: string;
beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), "rt-autolog-"))));
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

test("off keeps earlier logs aside and the CLI then writes none; on brings the default back", () => {
    pulumiVersion(home);
    const before = logFiles(path.join(home, "logs"));
    expect(before.some((f) => f.endsWith("-version.log"))).toBe(true);

    const off = run(home, "off");
    expect(off.status).toBe(0);
    expect(run(home, "status").stdout.trim()).toBe("off");
    const kept = fs.readdirSync(home).find((f) => f.startsWith("logs.kept-"))!;
    expect(off.stderr).toContain(kept);
    expect(fs.readdirSync(path.join(home, kept))).toEqual(before);
    expect(pulumiVersion(home).trim()).toMatch(/^v3\./);
    expect(fs.statSync(path.join(home, "logs")).isFile()).toBe(true);
    expect(fs.readdirSync(path.join(home, kept))).toEqual(before);
    expect(run(home, "off").status).toBe(0); // again: nothing to do

    expect(run(home, "on").status).toBe(0);
    expect(run(home, "status").stdout.trim()).toBe("on");
    pulumiVersion(home);
    expect(logFiles(path.join(home, "logs")).some((f) => f.endsWith("-version.log"))).toBe(true);
});

test("on refuses a logs file it did not write, and a wrong word names the usage", () => {
    fs.writeFileSync(path.join(home, "logs"), "someone else's\n");
    const on = run(home, "on");
    expect(on.status).toBe(1);
    expect(on.stderr).toContain("did not write");
    expect(fs.readFileSync(path.join(home, "logs"), "utf8")).toBe("someone else's\n");
    const bad = run(home, "of");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage: scripts/pulumi-autolog off|on|status");
});

test("the tests' throwaway PULUMI_HOME has the automatic log off", () => {
    const b = tempBackend();
    try {
        expect(run(b.home, "status").stdout.trim()).toBe("off");
        pulumiVersion(b.home);
        expect(fs.statSync(path.join(b.home, "logs")).isFile()).toBe(true);
    } finally {
        fs.rmSync(b.home, { recursive: true, force: true });
    }
});
