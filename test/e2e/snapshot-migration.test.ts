import * as path from "path";
import { EngineEvent } from "@pulumi/pulumi/automation";
import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { arkProgram } from "../../stacks/ark";
import { legacyArkProgram } from "../fixtures/legacy-ark/program";
import { changes } from "../harness/engine";
import { buildFileRepo } from "../harness/fileRepo";
import { withUpstream } from "../harness/httpServer";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { buildRpmRepo } from "../harness/rpmRepo";

// A stack made before a snapshot was one resource (three per snapshot: a ReleaseSnapshot component,
// a Publication, a Distribution) runs today's program on the real engine: no replacement, no
// deletion on Pulp, every snapshot still served, and nothing left to do afterwards.
jest.setTimeout(900_000);
const ARK = "test-migrate";

afterAll(() => stopPulp(ARK));

type Step = { op: string; type: string; urn: string };
const short = (type: string) => type.split(/[:/]/).pop()!;
/** The engine's steps for every resource that is not unchanged, as "op Type". */
const summary = (steps: Step[]) =>
    steps
        .filter((s) => s.op !== "same" && s.type !== "pulumi:pulumi:Stack")
        .map((s) => `${s.op} ${short(s.type)}`)
        .sort();

test("an Ark stack of three resources per snapshot becomes one per snapshot, serving throughout", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-migrate-upstream-",
            (upstream) => {
                buildFileRepo(path.join(upstream, "files"), { "a.txt": "alpha\n" });
                buildRpmRepo(path.join(upstream, "rpms"), [{ name: "foo", version: "1.0" }]);
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
                    {
                        name: "Local RPMs",
                        short_name: "rpms",
                        type: "rpm",
                        url: `${upstreamUrl}rpms/`,
                        base_path: "local/rpms/",
                        sync_group: "local",
                    },
                ]);
                let legacy = true;
                const stack = await project.stack((name, inputs) =>
                    legacy ? legacyArkProgram(name, inputs) : arkProgram(name, inputs),
                );
                await stack.up();
                expect((await project.cli("sync")).code).toBe(0);
                const ledger = loadLedger(path.join(project.dir, "ledger.yaml"));
                const [files, rpms] = [ledger.files[0], ledger.rpms[0]];
                const clientPw = "site-m-password-1";
                project.setPins("site-m", { files: files.id }, clientPw);
                await stack.up();

                // The old shape: three resources per snapshot.
                const before = (await stack.exportStack()).deployment.resources as {
                    type: string;
                    id?: string;
                    outputs?: { pulp_href?: string };
                }[];
                const publications = before
                    .filter((r) => r.type.endsWith("pulp:Publication"))
                    .map((r) => r.id!);
                expect(publications).toHaveLength(2);
                expect(before.filter((r) => r.type === "releasetrain:ark:ReleaseSnapshot")).toHaveLength(2);

                const admin = { username: ark.username, password: ark.password };
                const client = { username: "site-m", password: clientPw };
                const fileUrl = `${ark.contentUrl}/pulp/content/local/files/${files.id}/a.txt`;
                const rpmUrl = `${ark.contentUrl}/pulp/content/local/rpms/${rpms.id}/repodata/repomd.xml`;
                const status = async (url: string, auth?: typeof admin) =>
                    (await axios.get(url, { auth, validateStatus: () => true, maxRedirects: 0 })).status;
                const serving = async () => [
                    await status(fileUrl, admin),
                    await status(rpmUrl, admin),
                    await status(fileUrl, client),
                    await status(rpmUrl, client),
                ];
                // Released file snapshot for the client; the rpm snapshot is development-only.
                expect(await serving()).toEqual([200, 200, 200, 403]);

                // Today's program: each snapshot's Distribution becomes its Snapshot (an update, no
                // request to Pulp); the old Publication and component resources leave the state only.
                legacy = false;
                const previewSteps: Step[] = [];
                const collect = (into: Step[]) => (e: EngineEvent) => {
                    const m = e.resourcePreEvent?.metadata;
                    if (m) into.push({ op: m.op, type: m.type, urn: m.urn });
                };
                await stack.preview({ onEvent: collect(previewSteps) });
                const expected = [
                    "delete Publication",
                    "delete Publication",
                    "delete ReleaseSnapshot",
                    "delete ReleaseSnapshot",
                    "update Snapshot",
                    "update Snapshot",
                ];
                expect(summary(previewSteps)).toEqual(expected);
                const upSteps: Step[] = [];
                const up = await stack.up({ onEvent: collect(upSteps) });
                expect(summary(upSteps)).toEqual(expected);
                expect(changes(up.summary)).toMatchObject({ update: 2, delete: 4 });

                // Every snapshot still serves, to the same people, from the same publication.
                expect(await serving()).toEqual([200, 200, 200, 403]);
                const pulp = new PulpClient({
                    baseUrl: ark.apiUrl,
                    username: ark.username,
                    password: ark.password,
                });
                for (const p of publications) expect(await pulp.getOrUndefined(p)).toBeDefined();
                const after = (await stack.exportStack()).deployment.resources as {
                    type: string;
                    outputs?: { published?: { href: string } };
                }[];
                expect(after.filter((r) => /Publication|Distribution|ReleaseSnapshot/.test(r.type))).toEqual(
                    [],
                );
                const snapshots = after.filter((r) => r.type === "pulumi-nodejs:dynamic/pulp:Snapshot");
                expect(snapshots.map((s) => s.outputs!.published!.href).sort()).toEqual(
                    [...publications].sort(),
                );

                // Nothing left to do, and Pulp agrees with the state.
                expect(changes((await stack.up()).summary)).toEqual({ same: expect.any(Number) });
                expect(changes((await stack.refresh()).summary)).toEqual({ same: expect.any(Number) });
                expect((await stack.preview()).changeSummary).toEqual({ same: expect.any(Number) });

                // A migrated snapshot is deleted with its publication.
                await stack.destroy();
                for (const p of publications) expect(await pulp.getOrUndefined(p)).toBeUndefined();
                expect(await status(fileUrl, admin)).toBe(404);
            },
        );
    })();
});
