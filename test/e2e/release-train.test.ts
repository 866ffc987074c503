import * as path from "path";
import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { changes } from "../harness/engine";
import { buildFileRepo } from "../harness/fileRepo";
import { withUpstream } from "../harness/httpServer";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// The release train end to end on a dedicated Ark: sync → ledger → up → snapshots, promotion by
// pins, client access, diff, verify, prune. Real Pulp, real engine, the real CLI.
jest.setTimeout(900_000);
const ARK = "test-train";

afterAll(() => stopPulp(ARK));

async function fetch(url: string, auth?: { username: string; password: string }) {
    const r = await axios.get(url, {
        auth,
        validateStatus: () => true,
        responseType: "text",
        maxRedirects: 0,
    });
    return { status: r.status, body: String(r.data) };
}

test("sync, snapshot, promote, serve, diff, verify and prune", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-upstream-",
            (upstream) => {
                buildFileRepo(path.join(upstream, "files"), { "a.txt": "alpha 1\n", "b.txt": "beta 1\n" });
            },
            async (upstream, upstreamUrl) => {
                const project = new ReleaseTrainProject(ark, [
                    {
                        name: "Local files",
                        short_name: "files",
                        type: "file",
                        url: `${upstreamUrl}files/PULP_MANIFEST`,
                        base_path: "local/files/",
                        sync_group: "local",
                    },
                    // An upstream that is down: retried, reported, and never stops the others.
                    {
                        name: "Broken upstream",
                        short_name: "broken",
                        type: "file",
                        url: `${upstreamUrl}missing/PULP_MANIFEST`,
                        base_path: "local/broken/",
                        sync_group: "flaky",
                    },
                ]);
                const admin = { username: ark.username, password: ark.password };
                const content = (basePath: string, file: string) =>
                    `${ark.contentUrl}/pulp/content/${basePath}/${file}`;

                // Ark's content model first: repositories, remotes, guards, groups.
                const stack = await project.stack();
                expect(changes((await stack.up()).summary)).toMatchObject({ create: expect.any(Number) });

                // The first sync records a snapshot; a second without upstream change records nothing.
                const s1 = await project.cli("sync", "--group", "local");
                expect(s1.code).toBe(0);
                expect(s1.stdout).toMatch(/1 new snapshot\(s\), 0 unchanged, 0 failed/);
                expect(s1.stderr).toMatch(/files: new snapshot \d{8}T\d{6} \(version 1/);
                const [first] = loadLedger(path.join(project.dir, "ledger.yaml")).files;
                expect(first).toMatchObject({
                    version: 1,
                    digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
                });
                const flaky = await project.cli("sync", "--retries", "1", "--retry-delay", "0");
                expect(flaky.code).toBe(1);
                expect(flaky.stderr).toMatch(/broken: attempt 1 failed: .*404/);
                expect(flaky.stderr).toMatch(/broken: retrying \(attempt 2\)/);
                expect(flaky.stdout).toMatch(/^broken +failed +.*404.* +2$/m);
                expect(flaky.stdout).toMatch(/^files +unchanged +/m);
                expect(flaky.stdout).toMatch(/0 new snapshot\(s\), 1 unchanged, 1 failed/);
                const s2 = await project.cli("sync", "--filter", "^files$");
                expect(s2.stdout).toMatch(/0 new snapshot\(s\), 1 unchanged, 0 failed/);
                expect(loadLedger(path.join(project.dir, "ledger.yaml")).files).toHaveLength(1);

                // up publishes the snapshot at <base_path><id>, behind the development guard.
                const up1 = await stack.up();
                expect(changes(up1.summary)).toMatchObject({ create: 1 }); // one resource per snapshot
                const v1 = `local/files/${first.id}`;
                expect((await fetch(content(v1, "a.txt"), admin)).body).toBe("alpha 1\n");
                expect((await fetch(content(v1, "b.txt"), admin)).body).toBe("beta 1\n");

                // Upstream changes: a new snapshot appears, the old one still serves the old content.
                await new Promise((r) => setTimeout(r, 1100)); // snapshot ids have one-second resolution
                buildFileRepo(path.join(upstream, "files"), {
                    "a.txt": "alpha 1\n",
                    "b.txt": "beta 2\n",
                    "c.txt": "gamma\n",
                });
                expect((await project.cli("sync", "--group", "local")).stdout).toMatch(/1 new snapshot\(s\)/);
                const [, second] = loadLedger(path.join(project.dir, "ledger.yaml")).files;
                expect(second.version).toBe(2);
                expect(second.id > first.id).toBe(true);
                expect(changes((await stack.up()).summary)).toMatchObject({ create: 1 });
                const v2 = `local/files/${second.id}`;
                expect((await fetch(content(v2, "b.txt"), admin)).body).toBe("beta 2\n");
                expect((await fetch(content(v1, "b.txt"), admin)).body).toBe("beta 1\n");
                expect((await fetch(content(v1, "c.txt"), admin)).status).toBe(404);

                // diff names the change between the two snapshots.
                const diff = await project.cli("diff", "files", first.id, second.id);
                expect(diff.code).toBe(0);
                expect(diff.stdout).toMatch(/^\+ c\.txt \(/m);
                expect(diff.stdout).toMatch(/^~ b\.txt \(\w+\) -> b\.txt \(\w+\)$/m);
                expect(diff.stdout).toMatch(/1 added, 0 removed, 1 changed/);

                // A client pins the first snapshot: it alone is released.
                const clientPw = "site-a-password-1";
                project.setPins("site-a", { files: first.id }, clientPw);
                const preview = await stack.preview();
                // The new client user, its membership of the clients group, and the snapshot's guard.
                expect(preview.changeSummary).toMatchObject({ create: 1, update: 2 });
                await stack.up();
                const client = { username: "site-a", password: clientPw };
                expect((await fetch(content(v1, "a.txt"), client)).status).toBe(200);
                expect((await fetch(content(v2, "a.txt"), client)).status).toBe(403);
                expect((await fetch(content(v1, "a.txt"))).status).toBeGreaterThanOrEqual(401);
                expect(
                    (await fetch(content(v1, "a.txt"), { username: "site-a", password: "wrong" })).status,
                ).toBeGreaterThanOrEqual(401);

                // Moving the pin moves the guards.
                project.setPins("site-a", { files: second.id }, clientPw);
                await stack.up();
                expect((await fetch(content(v1, "a.txt"), client)).status).toBe(403);
                expect((await fetch(content(v2, "a.txt"), client)).status).toBe(200);
                expect(changes((await stack.up()).summary)).toEqual({ same: expect.any(Number) });

                // pins export in Kayobe's format.
                const exp = await project.cli("pins", "export", "--client", "site-a", "--format", "kayobe");
                expect(exp.stdout).toContain(`stackhpc_pulp_repo_files_version: ${second.id}`);

                // verify passes, then fails loudly once a snapshot is re-pointed outside Pulumi.
                expect((await project.cli("verify", "--client", "site-a")).stdout).toMatch(
                    /all 1 snapshot\(s\) match the ledger/,
                );
                const api = new PulpClient({
                    baseUrl: ark.apiUrl,
                    username: ark.username,
                    password: ark.password,
                });
                const d2 = (await api.findOne<{ pulp_href: string }>("distributions/file/file/", {
                    name: `files-${second.id}`,
                }))!;
                const d1 = (await api.findOne<{ publication: string }>("distributions/file/file/", {
                    name: `files-${first.id}`,
                }))!;
                await api.write("PATCH", d2.pulp_href, { publication: d1.publication });
                const bad = await project.cli("verify");
                expect(bad.code).toBe(1);
                expect(bad.stdout).toMatch(
                    new RegExp(
                        `FAIL files ${second.id}: files-${second.id} serves version 1, the ledger says 2`,
                    ),
                );
                expect(bad.stdout).toMatch(/do NOT match the ledger: this release is not reproducible/);
                // refresh sees the tampering and up puts it back.
                await stack.refresh();
                await stack.up();
                expect((await project.cli("verify")).code).toBe(0);

                // Prune, judged a year on: the unpinned older snapshot goes, the pinned newest stays.
                const later = new Date(Date.now() + 365 * 86_400_000).toISOString();
                const pruned = await project.cli("snapshots", "prune", "--as-of", later);
                expect(pruned.stdout).toContain(`dropped files ${first.id} (v1)`);
                expect(loadLedger(path.join(project.dir, "ledger.yaml")).files.map((e) => e.id)).toEqual([
                    second.id,
                ]);
                expect(changes((await stack.up()).summary)).toMatchObject({ delete: 1 }); // and its publication
                expect((await fetch(content(v1, "a.txt"), admin)).status).toBe(404);
                expect((await fetch(content(v2, "a.txt"), client)).status).toBe(200);
                await stack.destroy();
            },
        );
    })();
});
