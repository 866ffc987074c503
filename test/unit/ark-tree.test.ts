import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { installMocks } from "../harness/resourceRecorder";

// Names are an interface: a renamed or re-parented resource is a delete and a create unless an
// alias says where it was. This pins the Ark tree and the aliases that carry old stacks over.
type Seen = { type: string; name: string; parent?: string; aliases: pulumi.Input<string | pulumi.Alias>[] };
let seen: Seen[];

beforeAll(async () => {
    await installMocks();
    const { arkProgram } = await import("../../stacks/ark");
    const { parseStackConfig } = await import("../../stacks/config");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ark-tree-"));
    fs.mkdirSync(path.join(dir, "catalogue"));
    fs.mkdirSync(path.join(dir, "pins"));
    const entry = (short: string, type: string, extra: Record<string, unknown> = {}) => ({
        name: `${short} repository`,
        short_name: short,
        type,
        url: `https://mirror.example.com/${short}/`,
        base_path: `${short}/`,
        sync_group: "g",
        ...extra,
    });
    fs.writeFileSync(
        path.join(dir, "catalogue/c.yaml"),
        YAML.stringify({
            repositories: [
                entry("baseos", "rpm"),
                entry("noble", "deb", { distributions: "noble" }),
                entry("images", "container", { upstream_name: "library/alpine" }),
            ],
        }),
    );
    const snap = (id: string, version: number) => ({ id, version, digest: `sha256:${"a".repeat(64)}` });
    fs.writeFileSync(
        path.join(dir, "ledger.yaml"),
        YAML.stringify({
            snapshots: {
                baseos: [snap("20260101T000000", 1), snap("20260201T000000", 2)],
                noble: [snap("20260103T000000", 1)],
                images: [snap("20260104T000000", 3)],
            },
        }),
    );
    fs.writeFileSync(
        path.join(dir, "pins/site-a.yaml"),
        YAML.stringify({ repositories: { baseos: "20260101T000000" } }),
    );
    const names = new WeakMap<pulumi.Resource, string>();
    const recorded: Seen[] = [];
    const record: pulumi.ResourceTransformation = (a) => {
        names.set(a.resource, a.name);
        recorded.push({
            type: a.type,
            name: a.name,
            parent: a.opts.parent ? names.get(a.opts.parent) : undefined,
            aliases: a.opts.aliases ?? [],
        });
        return undefined;
    };
    const ark = await arkProgram(
        "ark",
        {
            cfg: parseStackConfig({
                role: "ark",
                pulpUrl: "http://127.0.0.1:1",
                catalogue: "catalogue",
                ledger: "ledger.yaml",
                pins: "pins",
            }),
            connection: { baseUrl: "http://127.0.0.1:1", username: "admin", password: "pw" },
            clientPasswords: pulumi.secret<Record<string, string>>({ "site-a": "pw-a" }),
            clientsWithPasswords: ["site-a"],
            root: dir,
        },
        { transformations: [record] },
    );
    // Every resource of the tree is declared once the last snapshot is.
    await new Promise((r) => pulumi.all(Object.values(ark.snapshots).map((s) => s.urn)).apply(r));
    seen = recorded;
});

test("the Ark tree: type, name and parent of every resource (renames show up here)", () => {
    const lines = seen.map((r) => `${r.type} ${r.name} <- ${r.parent ?? "(root)"}`).sort();
    expect(lines).toMatchSnapshot();
});

const value = <T>(o: pulumi.Input<T>) =>
    new Promise<T>((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
/** An alias as the engine matches it: a full URN. */
const urnOf = (a: pulumi.Input<string | pulumi.Alias>): Promise<string> =>
    value(a).then((x) =>
        typeof x === "string"
            ? x
            : value(pulumi.createUrn(x.name as string, x.type as string, x.parent as pulumi.Input<string>)),
    );

test("each snapshot aliases the Distribution it was before it was one resource; nothing else has aliases", async () => {
    const aliased = seen.filter((r) => r.aliases.length);
    expect(aliased.map((r) => r.name).sort()).toEqual([
        "ark-baseos-20260101T000000",
        "ark-baseos-20260201T000000",
        "ark-images-20260104T000000",
        "ark-noble-20260103T000000",
    ]);
    expect(aliased.every((r) => r.type === "pulumi-nodejs:dynamic/pulp:Snapshot")).toBe(true);
    for (const r of aliased) {
        expect(r.aliases).toHaveLength(1);
        expect(await urnOf(r.aliases[0])).toBe(
            "urn:pulumi:unit::release-train::releasetrain:ark:Ark$releasetrain:ark:ReleaseSnapshot" +
                `$pulumi-nodejs:dynamic/pulp:Distribution::${r.name}-dist`,
        );
    }
});

test("the alias is the same URN whether the parent's URN is known up front or resolved", async () => {
    const { legacySnapshotAliases } = await import("../../components/ark/releaseSnapshot");
    const outer = new pulumi.ComponentResource("test:index:Outer", "outer", {});
    const nested = new pulumi.ComponentResource("releasetrain:ark:Ark", "nested", {}, { parent: outer });
    const [resolved] = legacySnapshotAliases("nested-x-20260101T000000", nested);
    const [known] = legacySnapshotAliases("nested-x-20260101T000000", nested, await value(nested.urn));
    expect(await urnOf(known)).toBe(await urnOf(resolved));
    expect(await urnOf(known)).toBe(
        "urn:pulumi:unit::release-train::test:index:Outer$releasetrain:ark:Ark$releasetrain:ark:ReleaseSnapshot" +
            "$pulumi-nodejs:dynamic/pulp:Distribution::nested-x-20260101T000000-dist",
    );
});
