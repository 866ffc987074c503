import { snapshotProvider } from "../../components/pulp/providers/snapshot";
import {
    current,
    pendingChanges,
    refusal,
    SnapshotInputs,
    SnapshotOutputs,
} from "../../components/pulp/providers/snapshotState";
import { UNKNOWN } from "../../components/pulp/providers/fields";

// The snapshot kind's rules as data: its inputs checked, old state read, what needs an update and
// what is refused. Against a real Pulp: test/integration/snapshot-provider.test.ts.
const connection = { baseUrl: "http://127.0.0.1:1", username: "admin", password: "pw" };
const REPO = "/pulp/api/v3/repositories/rpm/rpm/0190e1a2-0000-7000-8000-000000000001/";
const GUARD = "/pulp/api/v3/contentguards/core/rbac/0190e1a2-0000-7000-8000-00000000000d/";
const PUB = "/pulp/api/v3/publications/rpm/rpm/0190e1a2-0000-7000-8000-0000000000a1/";
const DIST = "/pulp/api/v3/distributions/rpm/rpm/0190e1a2-0000-7000-8000-0000000000b1/";
const labels = (version: number, stage = "development") => ({
    "release-train.immutable": "true",
    "release-train.version": String(version),
    "release-train.stage": stage,
});
const inputs = (over: Partial<SnapshotInputs> = {}): SnapshotInputs => ({
    connection,
    plugin: "rpm",
    repository_version: `${REPO}versions/3/`,
    name: "baseos-20260101T000000",
    base_path: "rocky/baseos/20260101T000000",
    content_guard: GUARD,
    pulp_labels: labels(3),
    ...over,
});
const observed = (i: SnapshotInputs, publication: string | null = PUB) => ({
    name: i.name,
    base_path: i.base_path,
    content_guard: i.content_guard,
    pulp_labels: i.pulp_labels,
    hidden: false,
    repository: null,
    repository_version: null,
    publication,
    generate_repo_config: false,
});
const state = (i = inputs()): SnapshotOutputs => ({
    ...i,
    pulp_href: DIST,
    observed: observed(i),
    published: { href: PUB, options: {} },
});

async function failures(news: Record<string, unknown>) {
    return ((await snapshotProvider.check!({}, news)).failures ?? []).map(
        (f) => `${f.property}: ${f.reason}`,
    );
}

test("inputs are checked field by field, publication options against the publication kind", async () => {
    expect(await failures(inputs())).toEqual([]);
    expect(await failures({ ...inputs(), repository_version: REPO, adopt: true })).toEqual([
        "repository_version: must be a repository version: <repository>versions/<n>/",
        'adopt: Unrecognized key: "adopt"',
    ]);
    expect(
        await failures(
            inputs({ publication_options: { checksum_type: "md5", simple: true, repository: REPO } }),
        ),
    ).toEqual([
        "publication_options.simple: simple is not a field of rpm publications",
        "publication_options.repository: repository is set by the snapshot itself",
        expect.stringMatching(/^publication_options\.checksum_type: .*"sha256"/),
    ]);
    expect(await failures(inputs({ plugin: "container", publication_options: { manifest: "M" } }))).toEqual([
        "publication_options: containers are served from the repository version and have no publication",
    ]);
    expect(await failures(inputs({ plugin: "file", publication_options: { manifest: "FILES" } }))).toEqual(
        [],
    );
});

test("check stores a snapshot's spec as top-level fields, its repository version composed", async () => {
    const { connection: conn, repository_version: _, ...spec } = inputs();
    const checked = async (fields: Record<string, unknown>) =>
        (await snapshotProvider.check!({}, { connection: conn, spec: fields })).inputs;
    expect(await checked({ ...spec, repository: REPO, version: 3 })).toEqual(inputs());
    expect(await checked({ ...spec, repository_version: `${REPO}versions/3/` })).toEqual(inputs());
    // In a preview of a new repository its href is unknown, and so is the version's.
    expect(await checked({ ...spec, repository: UNKNOWN, version: 3 })).toEqual(
        inputs({ repository_version: UNKNOWN }),
    );
    // ignoreChanges names fields as the state has them: the engine puts the old value at the top.
    expect(await checked({ ...spec, repository: REPO, version: 3, content_guard: "/new/" })).toMatchObject({
        content_guard: "/new/",
    });
    const kept = await snapshotProvider.check!(
        {},
        {
            connection: conn,
            content_guard: GUARD,
            spec: { ...spec, repository: REPO, version: 3, content_guard: "/new/" },
        },
    );
    expect(kept.inputs).toEqual(inputs());
    // Fields registered one by one (every stack before the spec) pass through as they are.
    expect((await snapshotProvider.check!({}, inputs())).inputs).toEqual(inputs());
    const both = {
        connection: conn,
        spec: { ...spec, repository_version: `${REPO}versions/3/`, repository: REPO },
    };
    expect(await failures(both)).toEqual(['repository: Unrecognized key: "repository"']);
    expect(await failures({ connection: conn, spec })).toEqual([
        expect.stringMatching(/^repository_version: /),
    ]);
});

test("an up-to-date snapshot needs nothing; publication options apply only when publishing", () => {
    expect(pendingChanges(state(), inputs())).toEqual([]);
    expect(pendingChanges(state(), inputs({ publication_options: { checksum_type: "sha512" } }))).toEqual([]);
});

test("promotion changes the guard and the stage label, nothing else", () => {
    const promoted = inputs({
        content_guard: GUARD.replace("0d/", "0e/"),
        pulp_labels: labels(3, "release"),
    });
    expect(pendingChanges(state(), promoted)).toEqual(["content_guard", "pulp_labels"]);
});

test("drift: a deleted distribution or publication, or one re-pointed by hand, needs an update", () => {
    expect(pendingChanges({ ...state(), observed: null }, inputs())).toEqual(["distribution"]);
    expect(pendingChanges({ ...state(), published: { href: null, options: {} } }, inputs())).toContain(
        "publication",
    );
    const repointed = { ...state(), observed: observed(inputs(), PUB.replace("a1/", "a2/")) };
    expect(pendingChanges(repointed, inputs())).toEqual(["publication"]);
});

test("a snapshot is never re-pointed, whatever shape its state has", () => {
    expect(refusal(state(), inputs())).toBeUndefined();
    expect(
        refusal(state(), inputs({ repository_version: `${REPO}versions/4/`, pulp_labels: labels(4) })),
    ).toBe(
        "snapshot 'baseos-20260101T000000' is immutable: it serves repository version 3 and cannot be " +
            "re-pointed to version 4: record a new snapshot instead",
    );
    const other = REPO.replace("01/", "02/");
    expect(refusal(state(), inputs({ repository_version: `${other}versions/3/` }))).toMatch(
        /re-pointed to version 3 of another repository/,
    );
    // A Distribution's state from before snapshots were one resource knows its version by label.
    const legacy = { ...inputs(), publication: PUB, pulp_href: DIST, observed: observed(inputs()) };
    delete (legacy as Record<string, unknown>).repository_version;
    expect(refusal(current(legacy), inputs())).toBeUndefined();
    expect(refusal(current(legacy), inputs({ repository_version: `${REPO}versions/5/` }))).toMatch(
        /serves repository version 3 and cannot be re-pointed to version 5/,
    );
});

test("a Distribution's state from before is read as a snapshot owning the publication it serves", () => {
    const legacy: Record<string, unknown> = {
        connection,
        plugin: "rpm",
        name: "baseos-20260101T000000",
        base_path: "rocky/baseos/20260101T000000",
        publication: PUB,
        content_guard: GUARD,
        pulp_labels: labels(3),
        pulp_href: DIST,
        observed: observed(inputs()),
        secret_digests: {},
    };
    const s = current(legacy);
    expect(s.published).toEqual({ href: PUB, options: {} });
    expect(s.observed).toEqual(observed(inputs()));
    // Its state is rewritten once (an update with no request to Pulp), then nothing is pending.
    expect(pendingChanges(legacy, inputs())).toEqual(["state from before snapshots were one resource"]);
    const container = current({ ...legacy, plugin: "container", repository_version: `${REPO}versions/3/` });
    expect(container.published).toBeNull();
});
