import { Command } from "commander";
import { program } from "../../../cli/main";

/** Every command below the root, by its path, e.g. "snapshots prune". */
function commands(c: Command, prefix = ""): [string, Command][] {
    return c.commands
        .filter((s) => s.name() !== "help")
        .flatMap((s) => {
            const name = `${prefix}${s.name()}`;
            return [[name, s] as [string, Command], ...commands(s, `${name} `)];
        });
}

const all = commands(program());
const PULP = ["sync", "upload", "snapshots reclaim", "verify", "diff"];

test("the commands are the documented ones", () => {
    expect(all.map(([n]) => n)).toEqual([
        "up",
        "sync",
        "upload",
        "snapshots",
        "snapshots list",
        "snapshots latest",
        "snapshots prune",
        "snapshots reclaim",
        "verify",
        "pins",
        "pins export",
        "diff",
        "preview-summary",
    ]);
});

test.each(all)("%s: described, with every argument and option described", (_, c) => {
    expect(c.description().length).toBeGreaterThan(15);
    for (const a of c.registeredArguments) expect(a.description.length).toBeGreaterThan(10);
    for (const o of c.options) expect(o.description.length).toBeGreaterThan(10);
    // The parent's list shows each command with its summary or description, never blank.
    const line = c
        .parent!.helpInformation()
        .split("\n")
        .find((l) => l.trimStart().startsWith(`${c.name()} `));
    expect(line).toMatch(new RegExp(`^  ${c.name()}( \\S+)*\\s{2,}\\S`));
});

test.each(all.filter(([, c]) => c.options.some((o) => o.long === "--stack")))(
    "%s: --stack shown as required in the usage and the option list",
    (_, c) => {
        const help = c.helpInformation();
        expect(help).toMatch(/^Usage: release-train [a-z -]*--stack <stack> .*\[options\]/);
        expect(help).toMatch(/--stack <stack>\s+\(required\)/);
    },
);

test("--password-file only on the commands that talk to Pulp", () => {
    const withPassword = all
        .filter(([, c]) => c.options.some((o) => o.long === "--password-file"))
        .map(([n]) => n);
    expect(withPassword.sort()).toEqual([...PULP].sort());
    for (const [name, c] of all)
        if (c.commands.length === 0 && name !== "preview-summary")
            expect(c.options.some((o) => o.long === "--stack")).toBe(true);
});

test("verify says that without --client it checks every snapshot in the ledger", () => {
    const verify = all
        .find(([n]) => n === "verify")![1]
        .helpInformation()
        .replace(/\s+/g, " ");
    expect(verify).toContain("every snapshot in the ledger, or with --client only those that client pins");
    expect(verify).toContain(
        "--client <client> only the snapshots this client pins (default: every snapshot in the ledger)",
    );
});

test("diff names its arguments", () => {
    const diff = all.find(([n]) => n === "diff")![1].helpInformation();
    expect(diff).toMatch(
        /^Usage: release-train diff --stack <stack> \[options\] <short_name> <from_id> <to_id>$/m,
    );
    expect(diff).toMatch(/^ {2}short_name +the repository, by its catalogue short_name$/m);
    expect(diff).toMatch(/^ {2}from_id +the older snapshot's id \(YYYYMMDDTHHMMSS\)/m);
});

test("upload names its repository option and files", () => {
    const upload = all.find(([n]) => n === "upload")![1].helpInformation();
    expect(upload).toMatch(
        /^Usage: release-train upload --stack <stack> --repository <short_name> \[options\] <FILE\.\.\.>$/m,
    );
    expect(upload.replace(/\s+/g, " ")).toContain(
        "--repository <short_name> (required) the catalogue short_name",
    );
});
