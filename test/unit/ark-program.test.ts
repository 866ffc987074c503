import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { installPulpMocks, Registered } from "../harness/resourceRecorder";

// The Ark program under mocks: which resources exist, and which guard each snapshot gets.
let registered: Registered[] = [];

beforeAll(async () => {
    registered = await installPulpMocks();
});

function project(pins: Record<string, Record<string, string>>, ledger: Record<string, unknown[]>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ark-"));
    fs.mkdirSync(path.join(dir, "catalogue"));
    fs.mkdirSync(path.join(dir, "pins"));
    fs.writeFileSync(
        path.join(dir, "catalogue/r.yaml"),
        YAML.stringify({
            repositories: [
                {
                    name: "Rocky BaseOS",
                    short_name: "baseos",
                    type: "rpm",
                    url: "https://m/baseos/",
                    base_path: "rocky/baseos/",
                    sync_group: "g",
                },
                {
                    name: "Files",
                    short_name: "files",
                    type: "file",
                    url: "https://m/f/PULP_MANIFEST",
                    base_path: "files/",
                    sync_group: "g",
                },
            ],
        }),
    );
    fs.writeFileSync(path.join(dir, "ledger.yaml"), YAML.stringify({ snapshots: ledger }));
    for (const [client, repositories] of Object.entries(pins))
        fs.writeFileSync(path.join(dir, `pins/${client}.yaml`), YAML.stringify({ repositories }));
    return dir;
}
const D = (c: string) => `sha256:${c.repeat(64)}`;
const LEDGER = {
    baseos: [
        { id: "20260101T000000", version: 1, digest: D("a") },
        { id: "20260201T000000", version: 2, digest: D("b") },
    ],
    files: [{ id: "20260105T000000", version: 1, digest: D("c") }],
};

async function build(pins: Record<string, Record<string, string>>, passwords: string[]) {
    const { arkProgram } = await import("../../stacks/ark");
    const { parseStackConfig } = await import("../../stacks/config");
    const root = project(pins, LEDGER);
    const cfg = parseStackConfig({
        role: "ark",
        pulpUrl: "http://127.0.0.1:1",
        catalogue: "catalogue",
        ledger: "ledger.yaml",
        pins: "pins",
    });
    const connection = { baseUrl: "http://127.0.0.1:1", username: "admin", password: "pw" };
    const clientPasswords = pulumi.secret(Object.fromEntries(passwords.map((c) => [c, `${c}-password`])));
    return arkProgram("ark", { cfg, connection, clientPasswords, clientsWithPasswords: passwords, root });
}

const settle = () => new Promise((r) => setTimeout(r, 200));

test("pinned snapshots get the release guard, the others development; names follow the catalogue", async () => {
    registered.length = 0;
    const ark = await build({ "site-a": { baseos: "20260101T000000" } }, ["site-a"]);
    await settle();
    expect(Object.entries(ark.snapshots).map(([k, s]) => [k, s.released])).toEqual([
        ["baseos/20260101T000000", true],
        ["baseos/20260201T000000", false],
        ["files/20260105T000000", false],
    ]);
    // One resource per snapshot: its distribution's name, base path and guard, and the version it is.
    const snaps = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/pulp:Snapshot");
    expect(
        snaps
            .map((d) => [
                d.inputs.name,
                d.inputs.base_path,
                d.inputs.content_guard,
                d.inputs.repository_version,
            ])
            .sort(),
    ).toEqual([
        [
            "baseos-20260101T000000",
            "rocky/baseos/20260101T000000",
            "/pulp/api/v3/mock/ark-guard-release/",
            "/pulp/api/v3/mock/ark-baseos-repo/versions/1/",
        ],
        [
            "baseos-20260201T000000",
            "rocky/baseos/20260201T000000",
            "/pulp/api/v3/mock/ark-guard-development/",
            "/pulp/api/v3/mock/ark-baseos-repo/versions/2/",
        ],
        [
            "files-20260105T000000",
            "files/20260105T000000",
            "/pulp/api/v3/mock/ark-guard-development/",
            "/pulp/api/v3/mock/ark-files-repo/versions/1/",
        ],
    ]);
    expect(snaps.find((d) => d.name === "ark-baseos-20260101T000000")!.inputs.pulp_labels).toEqual({
        "release-train.immutable": "true",
        "release-train.version": "1",
        "release-train.short_name": "baseos",
        "release-train.snapshot": "20260101T000000",
        "release-train.stage": "release",
    });
    expect(registered.filter((r) => /Publication|Distribution|ReleaseSnapshot/.test(r.type))).toEqual([]);
    const remote = registered.find((r) => r.name === "ark-baseos-remote")!;
    expect(remote.inputs).toMatchObject({
        policy: "immediate",
        sync_policy: "mirror_complete",
        name: "Rocky BaseOS-remote",
    });
    const guard = registered.find((r) => r.name === "ark-guard-release")!;
    expect(guard.inputs.downloader_groups).toEqual(["operators", "ci", "clients"]);
    expect(registered.find((r) => r.name === "ark-guard-development")!.inputs.downloader_groups).toEqual([
        "operators",
        "ci",
    ]);
    expect(registered.find((r) => r.name === "ark-client-site-a")!.inputs.username).toBe("site-a");
});

test("a pin naming a snapshot that is not in the ledger fails before anything is declared", async () => {
    registered.length = 0;
    await expect(build({ "site-b": { baseos: "20260301T000000" } }, ["site-b"])).rejects.toThrow(
        /client 'site-b' \(.*pins\/site-b\.yaml\) pins baseos to 20260301T000000, which is not in the ledger \(known: 20260101T000000, 20260201T000000\)/,
    );
    expect(registered).toEqual([]);
});

test("a client with pins but no password is told how to set one", async () => {
    await expect(build({ "site-c": {} }, [])).rejects.toThrow(
        "pulumi config set --secret --path 'clientPasswords.site-c' <password>",
    );
});
