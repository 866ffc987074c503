import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { localProgramStack, tempProjectDir, writeEntryPointProject } from "../harness/engine";

// Bad input read as the operator's to fix, not as a crash: through the real language host, the
// stack's own program prints the list of problems once, each with its file, entry and fix, and
// no "unhandled exception", stack frames, colour codes or `problems: [...]` dump.
jest.setTimeout(300_000);

function project(config: Record<string, unknown>, catalogue: unknown[], pins: Record<string, unknown> = {}) {
    const dir = tempProjectDir("rt-invalid-");
    writeEntryPointProject(dir, "rt-invalid");
    fs.mkdirSync(path.join(dir, "catalogue"));
    fs.mkdirSync(path.join(dir, "pins"));
    fs.writeFileSync(path.join(dir, "catalogue/local.yaml"), YAML.stringify({ repositories: catalogue }));
    for (const [client, repositories] of Object.entries(pins))
        fs.writeFileSync(path.join(dir, `pins/${client}.yaml`), YAML.stringify({ repositories }));
    const cfg = Object.fromEntries(Object.entries(config).map(([k, v]) => [`release-train:${k}`, v]));
    fs.writeFileSync(path.join(dir, "Pulumi.bad.yaml"), YAML.stringify({ config: cfg }));
    return dir;
}

const base = {
    role: "ark",
    pulpUrl: "http://127.0.0.1:9",
    catalogue: "catalogue",
    ledger: "ledger.yaml",
    pins: "pins",
};
const entry = {
    name: "Local files",
    short_name: "files",
    type: "file",
    url: "http://127.0.0.1:9/PULP_MANIFEST",
    base_path: "local/files/",
    sync_group: "local",
};

/** What `pulumi preview` printed for the failed program: what an operator reads. */
async function previewError(dir: string): Promise<string> {
    const stack = await localProgramStack(dir, "bad");
    await stack.setConfig("release-train:pulpPassword", { value: "not-used", secret: true });
    let out = "";
    const failed = await stack.preview({ onOutput: (s) => (out += s) }).then(
        () => false,
        () => true,
    );
    expect(failed).toBe(true);
    return out;
}

function expectPlain(out: string, heading: string, problems: string[]) {
    expect(out).not.toMatch(/unhandled exception|problems: \[|\u001b\[|\n\s+at [\w.<]+ \(|ValidationError/);
    // The stack's diagnostics are exactly the heading and each problem on its own line.
    const diagnostics = out.slice(out.indexOf("Diagnostics:"), out.indexOf("Resources:")).trimEnd();
    expect(diagnostics).toBe(
        [
            "Diagnostics:",
            "  pulumi:pulumi:Stack (release-train-bad):",
            `    error: ${heading}`,
            ...problems.map((p) => `      - ${p}`),
        ].join("\n"),
    );
    for (const p of problems) expect(out.split(p).length - 1).toBe(1);
}

test("a catalogue problem: the list of problems once, with file, entry and fix", async () => {
    const dir = project(base, [
        { ...entry, sync_grup: "local" },
        { ...entry, name: "Other", base_path: "x/y" },
    ]);
    const out = await previewError(dir);
    const file = path.join(dir, "catalogue/local.yaml");
    expectPlain(out, `invalid catalogue ${path.join(dir, "catalogue")}:`, [
        `${file}: entry #1 'files': unknown field(s) sync_grup: remove them or check the spelling`,
        `${file}: entry #2 'files': base_path 'x/y' must end with '/' (snapshots are <base_path><YYYYMMDDTHHMMSS>)`,
    ]);
});

test("stack config and pins problems: the same shape, naming the stack file and the client", async () => {
    const config = await previewError(project({ ...base, retentionDays: "0", pulpUrll: "typo" }, [entry]));
    expectPlain(config, "invalid stack configuration in Pulumi.bad.yaml:", [
        "Pulumi.bad.yaml: release-train:retentionDays: must be at least 1",
        "Pulumi.bad.yaml: unknown field(s) release-train:pulpUrll: remove them or check the spelling",
    ]);

    const dir = project(base, [entry], { "site-a": { files: "20260101T000000" } });
    expectPlain(await previewError(dir), "the release train does not add up:", [
        `client 'site-a' (${dir}/pins/site-a.yaml) pins files to 20260101T000000, which is not in the ledger (no snapshots of files)`,
        "client 'site-a' has pins but no Ark password: pulumi config set --secret --path 'clientPasswords.site-a' <password>",
    ]);
});

test("a pins file that is not valid YAML: the file, line and column, before anything is declared", async () => {
    const dir = project(base, [entry]);
    const file = path.join(dir, "pins/site-a.yaml");
    // Two pins for one repository: a merge gone wrong, which must not silently keep the last one.
    fs.writeFileSync(file, "repositories:\n  files: 20260101T000000\n  files: 20260102T000000\n");
    expectPlain(await previewError(dir), `invalid YAML in ${file}:`, [
        `${file}: line 3, column 3: duplicated mapping key: fix the YAML syntax`,
    ]);
});

test("server config: deploying needs a host, a pinned version and the CPUs; a nested typo is named under its key", async () => {
    const server = { mode: "deploy", version: "latest", hots: "ssh://ark" };
    expectPlain(
        await previewError(project({ ...base, server }, [entry])),
        "invalid stack configuration in Pulumi.bad.yaml:",
        [
            "Pulumi.bad.yaml: release-train:server.version: version 'latest' must be a pinned version (a release tag such as 3.49.1, or sha256:<digest>), not a moving tag",
            "Pulumi.bad.yaml: release-train:server: unknown field(s) hots: remove them or check the spelling",
            "Pulumi.bad.yaml: release-train:server.host: mode deploy needs host: the Pulp host's Docker, e.g. ssh://deploy@ark.example.com",
            "Pulumi.bad.yaml: release-train:server.cpus: mode deploy needs cpus: the host's CPU count (worker counts derive from it)",
        ],
    );
});

test("adopting a Pulp that does not answer: up stops at the readiness resource, naming the URL and the last status", async () => {
    const server = { mode: "adopt", readyTimeoutSeconds: "3" };
    const stack = await localProgramStack(project({ ...base, server }, [entry]), "bad");
    await stack.setConfig("release-train:pulpPassword", { value: "not-used", secret: true });
    let out = "";
    const failed = await stack.up({ onOutput: (s) => (out += s) }).then(
        () => false,
        () => true,
    );
    expect(failed).toBe(true);
    expect(out).toContain(
        "Pulp at http://127.0.0.1:9/pulp/api/v3/status/ is not ready after 3s; last status: no answer (ECONNREFUSED)",
    );
    // What talks to Pulp waited for it: no other Pulp object was even attempted.
    expect(out).toContain("pulumi-nodejs:dynamic/pulp:ServerReady pulp-ready creating");
    expect(out).not.toMatch(/dynamic\/pulp:(?!ServerReady)/);
    expect(out).not.toContain("not-used");
});
