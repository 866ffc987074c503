import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulpClient } from "../../components/pulp/client/http";
import { syncFailureCause } from "../../components/pulp/providers/repositorySync";
import { providers } from "../../components/pulp/providers/runtime";
import { buildFileRepo } from "../harness/fileRepo";
import { serveDir } from "../harness/httpServer";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";
import { versionNumbers } from "../harness/siteContent";

// The sync provider against a real Pulp: a sync is a resource that records the version it made.
jest.setTimeout(180_000);
const pulp = testPulp("client");
const connection = connectionOf(pulp);
const client = new PulpClient(connection);
const P = providers as Record<string, Required<import("@pulumi/pulumi").dynamic.ResourceProvider>>;

/** A file repository and an on_demand remote to the manifest served at `url`. */
async function fileRepoAndRemote(name: string, url: string) {
    const repo = await P.repository.create({ connection, plugin: "file", name: uniq(name) });
    const remote = await P.remote.create({
        connection,
        plugin: "file",
        name: uniq(`${name}-remote`),
        url: `${url}PULP_MANIFEST`,
        policy: "on_demand",
    });
    return { repo, remote };
}

test(
    "sync records its version; unchanged content reuses it; a new trigger syncs again; a lost version is seen by refresh",
    withPulpLogs(pulp, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-sync-"));
        buildFileRepo(dir, { "a.txt": "a\n" });
        const server = await serveDir(dir);
        try {
            const { repo, remote } = await fileRepoAndRemote("sync", server.url);
            const inputs = {
                connection,
                plugin: "file",
                repository: repo.id,
                remote: remote.id,
                mirror: true,
                trigger: "one",
                label: "files snapshot one",
            };
            expect((await P.repositorySync.check({}, inputs)).failures).toBeUndefined();
            const first = await P.repositorySync.create(inputs);
            expect(first.id).toBe(`${repo.id}versions/1/`);
            expect(first.outs.repository_version).toBe(first.id);

            expect((await P.repositorySync.diff(first.id, first.outs, inputs)).changes).toBe(false);
            // A rotated connection is not a reason to sync again.
            const moved = await P.repositorySync.diff(first.id, first.outs, {
                ...inputs,
                connection: { ...connection, timeoutMs: 5 },
            });
            expect(moved).toMatchObject({ changes: true, replaces: [] });
            const d = await P.repositorySync.diff(first.id, first.outs, { ...inputs, trigger: "two" });
            expect(d).toMatchObject({ changes: true, replaces: ["trigger"] });

            // Upstream unchanged: Pulp makes no version, and the latest is what the sync stands for.
            const again = await P.repositorySync.create({ ...inputs, trigger: "two" });
            expect(again.id).toBe(first.id);
            buildFileRepo(dir, { "a.txt": "a\n", "b.txt": "b\n" });
            const third = await P.repositorySync.create({ ...inputs, trigger: "three" });
            expect(third.id).toBe(`${repo.id}versions/2/`);

            // The version deleted outside Pulumi: refresh reports the sync gone, so up syncs again.
            await client.delete(first.id);
            expect((await P.repositorySync.read(first.id, first.outs)).id).toBe("");
            expect((await P.repositorySync.read(third.id, third.outs)).id).toBe(third.id);
            await P.repositorySync.delete(third.id, third.outs);
            // The repository's latest version is its current content: it outlives the sync.
            expect(await client.getOrUndefined(third.id)).toBeDefined();

            // An upstream that refuses: the error names the remote, its URL and what to check.
            const broken = await P.remote.create({
                connection,
                plugin: "file",
                name: uniq("sync-broken"),
                url: `${server.url}missing/PULP_MANIFEST`,
            });
            await expect(
                P.repositorySync.create({ ...inputs, remote: broken.id, label: "broken" }),
            ).rejects.toThrow(
                /syncing broken from remote 'sync-broken-[\w-]+' \(http:\/\/127\.0\.0\.1:\d+\/missing\/PULP_MANIFEST\) failed: nothing at that URL upstream/,
            );
            // rpm takes sync_policy, the others mirror: caught at check, naming the field.
            expect(
                (await P.repositorySync.check({}, { ...inputs, sync_policy: "mirror_complete" })).failures,
            ).toEqual([
                { property: "sync_policy", reason: "sync_policy applies to rpm only (others: mirror)" },
            ]);
        } finally {
            await server.close();
        }
    }),
);

test(
    "deleting a sync deletes its version unless something needs it: a publication, a distribution, being the latest",
    withPulpLogs(pulp, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-sync-release-"));
        const server = await serveDir(dir);
        try {
            const { repo, remote } = await fileRepoAndRemote("release", server.url);
            // Four syncs of growing content: versions 1 to 4.
            const syncs = [];
            const files: Record<string, string> = {};
            for (const n of ["one", "two", "three", "four"]) {
                files[`${n}.txt`] = `${n}\n`;
                buildFileRepo(dir, files);
                syncs.push(
                    await P.repositorySync.create({
                        connection,
                        plugin: "file",
                        repository: repo.id,
                        remote: remote.id,
                        mirror: true,
                        trigger: n,
                        label: `files snapshot ${n}`,
                    }),
                );
            }
            expect(syncs.map((x) => x.id)).toEqual([1, 2, 3, 4].map((n) => `${repo.id}versions/${n}/`));
            const [v1, v2, v3, v4] = syncs;
            // A file mirror sync publishes what it made: that publication is the sync's own.
            expect(v1.outs.sync_publications).toEqual([
                expect.stringMatching(/\/publications\/file\/file\//),
            ]);
            const pub = await P.publication.create({ connection, plugin: "file", repository_version: v2.id });
            await P.distribution.create({
                connection,
                plugin: "file",
                name: uniq("release-dist"),
                base_path: uniq("release/path"),
                repository_version: v3.id,
            });
            for (const x of syncs) await P.repositorySync.delete(x.id, x.outs);
            const left = () => versionNumbers(client, `${repo.id}versions/`);
            // 1 went; 2 is published, 3 distributed, 4 the latest; 0 is never deleted.
            expect(await left()).toEqual([0, 2, 3, 4]);
            // Once its publication is gone, the version goes with the next delete; a second delete is a no-op.
            await P.publication.delete(pub.id, pub.outs);
            await P.repositorySync.delete(v2.id, v2.outs);
            await P.repositorySync.delete(v1.id, v1.outs);
            expect(await left()).toEqual([0, 3, 4]);
            expect(await client.getOrUndefined(v4.id)).toBeDefined();
        } finally {
            await server.close();
        }
    }),
);

test("an upstream's refusal is explained in the remote's terms", () => {
    expect(syncFailureCause("400, message='Bad Request', url='https://ark/x'")).toMatch(
        /client certificate is missing, expired/,
    );
    expect(syncFailureCause("401, message='Unauthorized'")).toMatch(/username\/password/);
    expect(syncFailureCause("403, message='Forbidden'")).toMatch(/not released to them/);
    expect(
        syncFailureCause(
            "Cannot connect to host ark:443 ssl:True [SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')]",
        ),
    ).toMatch(/ca_cert/);
    expect(syncFailureCause("something else")).toBeUndefined();
});
