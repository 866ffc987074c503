import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { clientFor } from "../../components/pulp/providers/crud";
import { providers } from "../../components/pulp/providers/runtime";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// The snapshot kind called as the engine calls it, against a real Pulp: one resource that owns a
// publication and the distribution serving it.
jest.setTimeout(180_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);
const client = new PulpClient(connection);
type Provider = Required<import("@pulumi/pulumi").dynamic.ResourceProvider>;
const P = providers as Record<string, Provider>;
const IMMUTABLE = { "release-train.immutable": "true", "release-train.version": "0" };

async function checked(kind: string, inputs: Record<string, unknown>) {
    const r = await P[kind].check({}, { connection, ...inputs });
    expect(r.failures ?? []).toEqual([]);
    return r.inputs;
}

/** Status of a file the snapshot serves; the manifest exists even for an empty version. */
const served = async (basePath: string) =>
    (
        await axios.get(`${pulp.contentUrl}/pulp/content/${basePath}/PULP_MANIFEST`, {
            validateStatus: () => true,
        })
    ).status;

/** The requests the providers' own client sends while `fn` runs, as "METHOD path". */
async function requestsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const c = clientFor(connection);
    const sent: string[] = [];
    const send = c.request.bind(c);
    const spy = jest.spyOn(c, "request").mockImplementation((...a: Parameters<PulpClient["request"]>) => {
        sent.push(`${a[0]} ${a[1]}`);
        return send(...a);
    });
    try {
        await fn();
    } finally {
        spy.mockRestore();
    }
    return sent;
}

async function fileRepo() {
    const repo = await P.repository.create(
        await checked("repository", { plugin: "file", name: uniq("snaprepo") }),
    );
    return { ...repo, version: `${repo.id}versions/0/` };
}

test(
    "create, no-op, promotion is one PATCH, re-pointing is refused, drift is repaired, delete removes both",
    withPulpLogs(pulp, async () => {
        const repo = await fileRepo();
        const guard = await P.contentGuard.create(
            await checked("contentGuard", { guard_type: "rbac", name: uniq("release") }),
        );
        const name = uniq("snap");
        const inputs = await checked("snapshot", {
            plugin: "file",
            repository_version: repo.version,
            name,
            base_path: `rt-test/${name}`,
            content_guard: null,
            pulp_labels: { ...IMMUTABLE, "release-train.stage": "development" },
            publication_options: { manifest: "PULP_MANIFEST" },
        });
        const snap = await P.snapshot.create(inputs);
        const pub = snap.outs.published.href as string;
        expect(await client.get(snap.id)).toMatchObject({ name, publication: pub, content_guard: null });
        expect(await client.get(pub)).toMatchObject({
            repository_version: repo.version,
            manifest: "PULP_MANIFEST",
        });
        expect(await served(inputs.base_path)).toBe(200);
        expect((await P.snapshot.diff(snap.id, snap.outs, inputs)).changes).toBe(false);
        // What create recorded is what refresh reads.
        const fresh = await P.snapshot.read(snap.id, snap.outs);
        expect(fresh.props).toEqual(snap.outs);

        // Promotion: one PATCH of the distribution (then only polling its task); nothing republished.
        const promoted = {
            ...inputs,
            content_guard: guard.id,
            pulp_labels: { ...IMMUTABLE, "release-train.stage": "release" },
        };
        expect((await P.snapshot.diff(snap.id, snap.outs, promoted)).changes).toBe(true);
        let up!: { outs?: any };
        const sent = await requestsDuring(
            async () => (up = await P.snapshot.update(snap.id, snap.outs, promoted)),
        );
        // Task polls are one GET of a task or of a batch of them (components/pulp/client/http.ts).
        const polls = /^GET (\/pulp\/api\/v3\/)?tasks\//;
        expect(sent.filter((r) => !polls.test(r))).toEqual([`PATCH ${snap.id}`]);
        expect(up.outs.published.href).toBe(pub);
        expect(await client.get(snap.id)).toMatchObject({ content_guard: guard.id, publication: pub });
        expect((await P.snapshot.diff(snap.id, up.outs, promoted)).changes).toBe(false);

        // Another repository version is refused before anything changes.
        await expect(
            P.snapshot.diff(snap.id, up.outs, { ...promoted, repository_version: `${repo.id}versions/1/` }),
        ).rejects.toThrow(
            `snapshot '${name}' is immutable: it serves repository version 0 and cannot be re-pointed to version 1`,
        );

        // Drift 1: the guard taken off by hand.
        await client.write("PATCH", snap.id, { content_guard: null });
        let r = await P.snapshot.read(snap.id, up.outs);
        expect(r.props.observed.content_guard).toBeNull();
        expect((await P.snapshot.diff(snap.id, r.props, promoted)).changes).toBe(true);
        let fixed = await P.snapshot.update(snap.id, r.props, promoted);
        expect(await client.get(snap.id)).toMatchObject({ content_guard: guard.id });

        // Drift 2: the publication deleted (Pulp unpublishes the distribution): republished, re-served.
        await client.delete(pub);
        r = await P.snapshot.read(snap.id, fixed.outs);
        expect(r.props.published).toEqual({ href: null, options: { manifest: "PULP_MANIFEST" } });
        expect((await P.snapshot.diff(snap.id, r.props, promoted)).changes).toBe(true);
        fixed = await P.snapshot.update(snap.id, r.props, promoted);
        const pub2 = fixed.outs.published.href;
        expect(pub2).not.toBe(pub);
        expect(await client.get(snap.id)).toMatchObject({ publication: pub2 });
        expect(await client.get(pub2)).toMatchObject({ repository_version: repo.version });

        // Drift 3: the distribution deleted: made again, serving the same publication.
        await client.delete(snap.id);
        r = await P.snapshot.read(snap.id, fixed.outs);
        expect(r.id).toBe(snap.id);
        expect(r.props.observed).toBeNull();
        expect(r.props.published.href).toBe(pub2);
        fixed = await P.snapshot.update(snap.id, r.props, promoted);
        const dist2 = fixed.outs.pulp_href;
        expect(dist2).not.toBe(snap.id);
        expect(await client.get(dist2)).toMatchObject({ name, publication: pub2, content_guard: guard.id });
        expect((await P.snapshot.diff(snap.id, fixed.outs, promoted)).changes).toBe(false);
        expect((await P.snapshot.read(snap.id, fixed.outs)).props).toEqual(fixed.outs);

        await P.snapshot.delete(snap.id, fixed.outs);
        expect(await client.getOrUndefined(dist2)).toBeUndefined();
        expect(await client.getOrUndefined(pub2)).toBeUndefined();
        await P.contentGuard.delete(guard.id, guard.outs);
        await P.repository.delete(repo.id, repo.outs);
    }),
);

test(
    "a name already taken fails clearly and leaves no publication behind",
    withPulpLogs(pulp, async () => {
        const repo = await fileRepo();
        const name = uniq("taken");
        const first = await P.snapshot.create(
            await checked("snapshot", {
                plugin: "file",
                repository_version: repo.version,
                name,
                base_path: `rt-test/${name}`,
            }),
        );
        const publications = async () =>
            (await client.list("publications/file/file/", { repository_version: repo.version })).length;
        expect(await publications()).toBe(1);
        const again = await checked("snapshot", {
            plugin: "file",
            repository_version: repo.version,
            name,
            base_path: `rt-test/${name}-other`,
        });
        await expect(P.snapshot.create(again)).rejects.toThrow(/name.*unique/i);
        expect(await publications()).toBe(1);
        await P.snapshot.delete(first.id, first.outs);
        await P.repository.delete(repo.id, repo.outs);
    }),
);

test(
    "a container snapshot is served from its repository version: no publication",
    withPulpLogs(pulp, async () => {
        const repo = await P.repository.create(
            await checked("repository", { plugin: "container", name: uniq("snapimages") }),
        );
        const name = uniq("img");
        const inputs = await checked("snapshot", {
            plugin: "container",
            repository_version: `${repo.id}versions/0/`,
            name,
            base_path: `rt-test/${name}`,
            pulp_labels: IMMUTABLE,
        });
        const snap = await P.snapshot.create(inputs);
        expect(snap.outs.published).toBeNull();
        expect(await client.get(snap.id)).toMatchObject({ repository_version: `${repo.id}versions/0/` });
        expect((await P.snapshot.diff(snap.id, snap.outs, inputs)).changes).toBe(false);
        // Container distributions take only content-redirect guards: Pulp's own is not drift.
        const r = await P.snapshot.read(snap.id, snap.outs);
        expect(r.props.observed.content_guard).toMatch(/\/contentguards\/core\/content_redirect\//);
        expect((await P.snapshot.diff(snap.id, r.props, inputs)).changes).toBe(false);
        // An RBAC guard is refused by Pulp, naming the field.
        const rbac = await P.contentGuard.create(
            await checked("contentGuard", { guard_type: "rbac", name: uniq("imgguard") }),
        );
        await expect(
            P.snapshot.update(snap.id, r.props, { ...inputs, content_guard: rbac.id }),
        ).rejects.toThrow(/content_guard/);
        await P.contentGuard.delete(rbac.id, rbac.outs);
        await P.snapshot.delete(snap.id, snap.outs);
        expect(await client.getOrUndefined(snap.id)).toBeUndefined();
        await P.repository.delete(repo.id, repo.outs);
    }),
);

test(
    "state from before one resource per snapshot: taken over without a request; the old Publication's delete keeps what the snapshot serves",
    withPulpLogs(pulp, async () => {
        const repo = await fileRepo();
        const name = uniq("legacy");
        const labels = { ...IMMUTABLE, "release-train.stage": "development" };
        // The shape components/ark/releaseSnapshot.ts declared until then.
        const pub = await P.publication.create(
            await checked("publication", { plugin: "file", repository_version: repo.version }),
        );
        const dist = await P.distribution.create(
            await checked("distribution", {
                plugin: "file",
                name,
                base_path: `rt-test/${name}`,
                publication: pub.id,
                pulp_labels: labels,
            }),
        );
        const news = await checked("snapshot", {
            plugin: "file",
            repository_version: repo.version,
            name,
            base_path: `rt-test/${name}`,
            content_guard: null,
            pulp_labels: labels,
        });
        // The engine hands the Snapshot the Distribution's state (alias): one update, no request.
        expect((await P.snapshot.diff(dist.id, dist.outs, news)).changes).toBe(true);
        let up!: { outs?: any };
        expect(
            await requestsDuring(async () => (up = await P.snapshot.update(dist.id, dist.outs, news))),
        ).toEqual([]);
        expect(up.outs).toMatchObject({ pulp_href: dist.id, published: { href: pub.id, options: {} } });
        expect((await P.snapshot.diff(dist.id, up.outs, news)).changes).toBe(false);
        expect((await P.snapshot.read(dist.id, up.outs)).props).toEqual(up.outs);

        // The engine then deletes the old Publication resource: the publication stays, served.
        await P.publication.delete(pub.id, pub.outs);
        expect(await client.getOrUndefined(pub.id)).toBeDefined();
        expect(await served(`rt-test/${name}`)).toBe(200);

        // Any other Publication resource is deleted as before.
        const loose = await P.publication.create(
            await checked("publication", { plugin: "file", repository_version: repo.version }),
        );
        await P.publication.delete(loose.id, loose.outs);
        expect(await client.getOrUndefined(loose.id)).toBeUndefined();

        await P.snapshot.delete(dist.id, up.outs);
        expect(await client.getOrUndefined(dist.id)).toBeUndefined();
        expect(await client.getOrUndefined(pub.id)).toBeUndefined();
        await P.repository.delete(repo.id, repo.outs);
    }),
);
