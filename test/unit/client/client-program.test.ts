import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { TestCa } from "../../harness/pki";
import { resourceRecorder } from "../../harness/resourceRecorder";

// A client site's program under mocks: the mirror's resource tree, what each remote and sync is
// given, and the checks made at preview (including the Ark stack's exports).
type Reg = { type: string; name: string; inputs: Record<string, unknown> };
// The mock monitor sees secrets in their wire form; these tests look at the values.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
function unsecret(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unsecret);
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (SECRET_SIG in o) return unsecret(o.value);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unsecret(x)]));
    }
    return v;
}
const registered: Reg[] = [];
let arkOutputs: Record<string, unknown> = {};

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({
                    type: a.type,
                    name: a.name,
                    inputs: unsecret(a.inputs) as Record<string, unknown>,
                });
                if (a.type === "pulumi:pulumi:StackReference")
                    return {
                        id: a.inputs.name,
                        state: { outputs: arkOutputs, secretOutputNames: ["clients"] },
                    };
                const href = `/pulp/api/v3/mock/${a.name}/`;
                return {
                    id: href,
                    state: { ...a.inputs, pulp_href: href, repository_version: `${href}versions/1/` },
                };
            },
            call: (a) => {
                throw new Error(`unexpected invoke ${a.token}`);
            },
        },
        "release-train",
        "unit",
        false,
    );
});

const D = (c: string) => `sha256:${c.repeat(64)}`;
function project(pins: Record<string, unknown>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-site-"));
    fs.mkdirSync(path.join(dir, "catalogue"));
    fs.mkdirSync(path.join(dir, "pins"));
    const entry = (short_name: string, type: string, extra = {}) => ({
        name: `${short_name} repo`,
        short_name,
        type,
        url: "https://up/",
        base_path: `${short_name}/`,
        sync_group: "g",
        ...extra,
    });
    fs.writeFileSync(
        path.join(dir, "catalogue/c.yaml"),
        YAML.stringify({
            repositories: [
                entry("baseos", "rpm"),
                entry("noble", "deb", { distributions: "noble noble-updates", components: "main" }),
                entry("files", "file", { url: "https://up/PULP_MANIFEST" }),
            ],
        }),
    );
    const snap = (id: string, v: number) => ({ id, version: v, digest: D(String(v)) });
    fs.writeFileSync(
        path.join(dir, "ledger.yaml"),
        YAML.stringify({
            snapshots: {
                baseos: [snap("20260101T000000", 1), snap("20260201T000000", 2)],
                noble: [snap("20260101T000000", 1)],
                files: [snap("20260101T000000", 1)],
            },
        }),
    );
    for (const [client, p] of Object.entries(pins))
        fs.writeFileSync(path.join(dir, `pins/${client}.yaml`), YAML.stringify(p));
    return dir;
}

const ca = new TestCa("unit CA");
const credentials = {
    username: "site-a",
    password: "site-a-password",
    ...ca.issue("site-a", { usage: "client" }),
    caCertificate: ca.certificate,
};

async function build(
    pins: Record<string, unknown>,
    client = "site-a",
    containers?: { namespace: string; images: Record<string, string> },
    files: Record<string, unknown> = {},
) {
    const { clientProgram } = await import("../../../stacks/client");
    const { parseStackConfig } = await import("../../../stacks/config");
    const cfg = parseStackConfig({
        role: "client",
        pulpUrl: "http://site:1",
        client,
        arkUrl: "https://ark.example.com:8443",
        arkStack: "organization/release-train/prod",
        catalogue: "catalogue",
        ledger: "ledger.yaml",
        pins: "pins",
    });
    const rec = resourceRecorder();
    const mirror = await clientProgram(
        "site",
        {
            cfg,
            connection: { baseUrl: "http://site:1", username: "admin", password: "pw" },
            credentials: { kind: "stack", stack: cfg.arkStack! },
            root: withFiles(project(pins), files),
            containers,
        },
        { transformations: [rec.transformation] },
    );
    return { mirror, records: rec.records };
}
function withFiles(dir: string, files: Record<string, unknown>): string {
    for (const [f, v] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), YAML.stringify(v));
    return dir;
}
const settle = (o: pulumi.Output<unknown>) => new Promise((r) => o.apply(r));

test("the site mirrors each pinned snapshot once, with stable development and production paths", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-a": credentials } };
    const { mirror, records } = await build({
        "site-a": {
            repositories: { baseos: "20260201T000000", noble: "20260101T000000" },
            production: { baseos: "20260101T000000" },
        },
    });
    await settle(mirror.repositories.baseos.production.pulp_href);
    await settle(mirror.repositories.noble.development.pulp_href);
    expect(records.map((r) => [r.type, r.name, r.parent ?? ""])).toMatchSnapshot();
    const inputs = (n: string) => registered.find((r) => r.name === n)!.inputs;
    expect(inputs("site-baseos-20260201T000000-remote")).toMatchObject({
        plugin: "rpm",
        name: "baseos-20260201T000000",
        url: "https://ark.example.com:8443/pulp/content/baseos/20260201T000000/",
        policy: "on_demand",
        ca_cert: credentials.caCertificate,
        client_cert: credentials.certificate,
        client_key: credentials.privateKey,
        username: "site-a",
        password: "site-a-password",
    });
    expect(inputs("site-noble-20260101T000000-remote")).toMatchObject({
        distributions: "noble noble-updates",
        components: "main",
    });
    expect(inputs("site-baseos-20260201T000000-sync")).toMatchObject({
        sync_policy: "mirror_content_only",
        trigger: "https://ark.example.com:8443/pulp/content/baseos/20260201T000000/",
        label: "baseos snapshot 20260201T000000",
    });
    expect(inputs("site-noble-20260101T000000-sync")).toMatchObject({ mirror: true });
    expect(inputs("site-baseos-development")).toMatchObject({
        name: "baseos-development",
        base_path: "baseos/development",
        publication: "/pulp/api/v3/mock/site-baseos-20260201T000000-pub/",
    });
    expect(inputs("site-baseos-production")).toMatchObject({
        base_path: "baseos/production",
        publication: "/pulp/api/v3/mock/site-baseos-20260101T000000-pub/",
    });
    // noble has no production pin yet: its production distribution serves nothing until the site promotes.
    expect(inputs("site-noble-production")).toMatchObject({ publication: null });
    // files is not pinned: not mirrored.
    expect(registered.some((r) => r.name.startsWith("site-files"))).toBe(false);
});

test("the site's Ark password and key reach its remotes as secrets", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-a": credentials } };
    const { mirror, records } = await build({ "site-a": { repositories: { baseos: "20260101T000000" } } });
    await settle(mirror.repositories.baseos.development.pulp_href);
    const remote = records.find((r) => r.name === "site-baseos-20260101T000000-remote")!.props;
    for (const k of ["password", "client_key"])
        expect(await pulumi.isSecret(pulumi.output(remote[k] as pulumi.Input<string>))).toBe(true);
});

test("preview names the fix when the Ark stack has nothing for this client, or the pins do not add up", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-b": credentials } };
    await expect(build({ "site-a": { repositories: { baseos: "20260101T000000" } } })).rejects.toThrow(
        "the Ark stack organization/release-train/prod exports no credentials for client 'site-a': on the Ark stack add pins/site-a.yaml, clientPasswords.site-a and run pulumi up there (it has: site-b)",
    );
    arkOutputs = {};
    await expect(build({ "site-a": { repositories: { baseos: "20260101T000000" } } })).rejects.toThrow(
        "the Ark stack organization/release-train/prod exports no 'clients': set release-train:pki on it and run pulumi up there",
    );
    arkOutputs = { clients: { "site-a": credentials } };
    await expect(
        build({ "site-a": { repositories: { baseos: "20990101T000000", nope: "20260101T000000" } } }),
    ).rejects.toThrow(
        /pins\/site-a\.yaml: nope is not in the catalogue: fix the short_name or add the entry\n {2}- client 'site-a' \(.*\) pins baseos to 20990101T000000, which is not in the ledger/,
    );
    expect(registered.filter((r) => r.type !== "pulumi:pulumi:StackReference")).toEqual([]);
});

test("each pinned container image: a remote to Ark's registry with exactly its tag, a sync and a distribution", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-a": credentials } };
    const { mirror } = await build({ "site-a": {} }, "site-a", {
        namespace: "kolla",
        images: { "rocky-keystone": "2024.1-20261101", "rocky-nova-api": "2024.1-20261120" },
    });
    await settle(mirror.images["rocky-nova-api"].distribution.pulp_href);
    expect(Object.keys(mirror.images)).toEqual(["rocky-keystone", "rocky-nova-api"]);
    const inputs = (n: string) => registered.find((r) => r.name === n)!.inputs;
    expect(inputs("site-image-rocky-keystone-remote")).toMatchObject({
        plugin: "container",
        name: "kolla/rocky-keystone",
        // The registry root of Ark's front: the registry API and its token server are behind it.
        url: "https://ark.example.com:8443",
        upstream_name: "kolla/rocky-keystone",
        includes: ["2024.1-20261101"],
        policy: "on_demand",
        ca_cert: credentials.caCertificate,
        client_cert: credentials.certificate,
        client_key: credentials.privateKey,
        username: "site-a",
        password: "site-a-password",
    });
    expect(inputs("site-image-rocky-keystone-sync")).toMatchObject({
        plugin: "container",
        repository: "/pulp/api/v3/mock/site-image-rocky-keystone-repo/",
        remote: "/pulp/api/v3/mock/site-image-rocky-keystone-remote/",
        mirror: true,
        trigger: "https://ark.example.com:8443/kolla/rocky-keystone:2024.1-20261101",
        label: "container image kolla/rocky-keystone:2024.1-20261101 as Ark user 'site-a'",
    });
    expect(inputs("site-image-rocky-keystone-dist")).toMatchObject({
        plugin: "container",
        name: "kolla/rocky-keystone",
        base_path: "kolla/rocky-keystone",
        repository_version: "/pulp/api/v3/mock/site-image-rocky-keystone-sync/versions/1/",
    });
    expect(inputs("site-image-rocky-nova-api-remote")).toMatchObject({ includes: ["2024.1-20261120"] });
});

test("bad container pins are refused at preview, naming the image and the fix", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-a": credentials } };
    await expect(
        build({ "site-a": {} }, "site-a", { namespace: "Kolla", images: { "rocky-keystone": "-latest" } }),
    ).rejects.toThrow(
        "pins/site-a.yaml containers: namespace 'Kolla' must be lower-case letters and digits, separated by '.', '_' or '-'\n" +
            "  - pins/site-a.yaml containers: image 'rocky-keystone' is pinned to tag '-latest': a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'",
    );
    // Without images or repositories, the site pins nothing.
    await expect(build({ "site-a": {} }, "site-a", { namespace: "kolla", images: {} })).rejects.toThrow(
        "pins nothing",
    );
    expect(registered.filter((r) => r.type !== "pulumi:pulumi:StackReference")).toEqual([]);
});

test("by default the site mirrors what the client's pins give over the container catalogue", async () => {
    registered.length = 0;
    arkOutputs = { clients: { "site-a": credentials } };
    const pins = (containers: Record<string, string>) => ({
        "site-a": { repositories: { baseos: "20260101T000000" }, containers },
    });
    const catalogue = {
        "catalogue/containers.yaml": {
            containers: { namespace: "kolla", distributions: ["rocky"], images: ["keystone", "nova-api"] },
        },
    };
    const tags = { default: "2024.1-1", "nova-api": "2024.1-2" };
    const { mirror } = await build(pins(tags), "site-a", undefined, catalogue);
    await settle(mirror.images["rocky-nova-api"].distribution.pulp_href);
    expect(Object.keys(mirror.images).sort()).toEqual(["rocky-keystone", "rocky-nova-api"]);
    const inputs = (n: string) => registered.find((r) => r.name === n)!.inputs;
    expect(inputs("site-image-rocky-keystone-remote")).toMatchObject({
        upstream_name: "kolla/rocky-keystone",
        includes: ["2024.1-1"],
    });
    expect(inputs("site-image-rocky-nova-api-remote")).toMatchObject({ includes: ["2024.1-2"] });
    // `ubuntu` covers no image of a rocky-only catalogue: a typo would pin nothing, so it is refused.
    await expect(build(pins({ ...tags, ubuntu: "x" }), "site-a", undefined, catalogue)).rejects.toThrow(
        "containers.ubuntu: no image of the container catalogue",
    );
    // Without a container catalogue, pinned image tags are refused rather than ignored.
    await expect(build(pins(tags))).rejects.toThrow("has no containers.yaml: add the container catalogue");
});
