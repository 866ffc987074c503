import { publicationOptions } from "../../components/ark/publicationOptions";
import { CatalogueEntry } from "../../model/catalogue";
import { installPulpMocks, Registered } from "../harness/resourceRecorder";

// The deb path of the Ark program under mocks: the remote carries the entry's settings, and each
// snapshot's publication is the kind the entry's mode asks for.
let registered: Registered[] = [];

beforeAll(async () => {
    registered = await installPulpMocks();
});

const entry = (short: string, extra: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
    name: short,
    short_name: short,
    type: "deb",
    url: "http://archive.ubuntu.com/ubuntu",
    base_path: `${short}/`,
    distribution_name: `${short}-`,
    sync_group: "ubuntu",
    sync: true,
    publish: true,
    distributions: "noble noble-updates",
    source: short,
    ...extra,
});

test("publication options follow the entry's mode; other types get none", () => {
    expect(publicationOptions(entry("a"))).toEqual({ simple: false, structured: true });
    expect(publicationOptions(entry("a", { mode: "structured" }))).toEqual({
        simple: false,
        structured: true,
    });
    expect(publicationOptions(entry("a", { mode: "simple" }))).toEqual({ simple: true, structured: false });
    expect(publicationOptions(entry("a", { mode: "simple_and_structured" }))).toEqual({
        simple: true,
        structured: true,
    });
    expect(publicationOptions(entry("a", { mode: "verbatim" }))).toEqual({ verbatim: true });
    expect(publicationOptions({ type: "rpm" })).toEqual({});
    expect(publicationOptions({ type: "file" })).toEqual({});
});

test("remotes carry the entry's deb settings; snapshots are published as the entry asks", async () => {
    const { Ark } = await import("../../components/ark/ark");
    const snap = (id: string) => [{ id, version: 1, digest: `sha256:${"a".repeat(64)}` }];
    await new Ark("ark", {
        connection: { baseUrl: "http://127.0.0.1:1", username: "admin", password: "x" },
        catalogue: [
            entry("plain", {
                distributions: " noble\n  noble-updates ",
                components: "main",
                architectures: "amd64",
            }),
            entry("full", {
                sync_sources: true,
                sync_udebs: true,
                gpgkey: "KEY",
                mirror: false,
                mode: "verbatim",
            }),
            entry("simple", { mode: "simple_and_structured" }),
        ],
        ledger: {
            plain: snap("20260101T000000"),
            full: snap("20260102T000000"),
            simple: snap("20260103T000000"),
        },
        pins: [],
        clients: [],
    }).declared;
    await new Promise((r) => setTimeout(r, 100));
    const inputs = (type: string, name: string) =>
        registered.find((r) => r.type.endsWith(type) && r.name === name)?.inputs;
    expect(inputs("Remote", "ark-plain-remote")).toMatchObject({
        distributions: "noble noble-updates",
        components: "main",
        architectures: "amd64",
        sync_sources: false,
        sync_udebs: false,
        gpgkey: null,
        policy: "immediate",
        pulp_labels: expect.objectContaining({ "release-train.mirror": "true" }),
    });
    expect(inputs("Remote", "ark-full-remote")).toMatchObject({
        components: null,
        architectures: null,
        sync_sources: true,
        sync_udebs: true,
        gpgkey: "KEY",
        pulp_labels: expect.objectContaining({ "release-train.mirror": "false" }),
    });
    // One resource per snapshot: the publication's options ride on the Snapshot.
    const snapshotOf = (short: string, id: string) => inputs("Snapshot", `ark-${short}-${id}`);
    const pub = (short: string, id: string) => snapshotOf(short, id)?.publication_options;
    expect(pub("plain", "20260101T000000")).toEqual({ simple: false, structured: true });
    expect(pub("full", "20260102T000000")).toEqual({ verbatim: true });
    expect(pub("simple", "20260103T000000")).toEqual({ simple: true, structured: true });
    expect(snapshotOf("plain", "20260101T000000")).toMatchObject({
        plugin: "deb",
        base_path: "plain/20260101T000000",
        name: "plain-20260101T000000",
    });
});

test("a verbatim publication goes to pulp_deb's verbatim endpoint and takes no apt fields", async () => {
    const { publicationSpec } = await import("../../components/pulp/providers/publication");
    const connection = { baseUrl: "http://127.0.0.1:1", username: "admin", password: "x" };
    const v = "/pulp/api/v3/repositories/deb/apt/x/versions/1/";
    const ok = { connection, plugin: "deb", repository_version: v, verbatim: true };
    expect(publicationSpec.schema.safeParse(ok).success).toBe(true);
    expect(publicationSpec.endpoint(ok)).toBe("publications/deb/verbatim/");
    expect(Object.keys(publicationSpec.fields(ok)).sort()).toEqual(["repository", "repository_version"]);
    expect(publicationSpec.endpoint({ ...ok, verbatim: false })).toBe("publications/deb/apt/");
    expect(publicationSpec.replaceKeys).toContain("verbatim");
    for (const bad of [
        { ...ok, plugin: "rpm" },
        { ...ok, structured: true },
    ]) {
        const r = publicationSpec.schema.safeParse(bad);
        expect(r.success).toBe(false);
        expect(JSON.stringify(r.error?.issues)).toContain(
            "verbatim applies to deb publications only, without simple or structured",
        );
    }
});

test("a snapshot takes the verbatim option and refuses apt fields beside it, naming the option", async () => {
    const { snapshotSchema } = await import("../../components/pulp/providers/snapshotState");
    const connection = { baseUrl: "http://127.0.0.1:1", username: "admin", password: "x" };
    const snapshot = (publication_options: Record<string, unknown>) => ({
        connection,
        plugin: "deb",
        repository_version: "/pulp/api/v3/repositories/deb/apt/x/versions/1/",
        name: "full-20260102T000000",
        base_path: "full/20260102T000000",
        publication_options,
    });
    expect(snapshotSchema.safeParse(snapshot({ verbatim: true })).success).toBe(true);
    expect(snapshotSchema.safeParse(snapshot({ simple: true, structured: true })).success).toBe(true);
    const r = snapshotSchema.safeParse(snapshot({ verbatim: true, structured: true }));
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toContain(
        "publication_options.structured: structured is not a field of verbatim deb publications",
    );
});
