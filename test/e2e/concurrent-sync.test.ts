import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { buildFileRepo } from "../harness/fileRepo";
import { serveDir } from "../harness/httpServer";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// Nightly groups run as separate syncs at the same time; every snapshot either makes must end up
// in the ledger (they share one file). Checked against what Pulp made, round after round.
jest.setTimeout(1_200_000);
const ARK = "test-concurrent-sync";
const GROUPS = { g1: ["files_a", "files_b"], g2: ["files_c", "files_d"] };

afterAll(() => stopPulp(ARK));

test("two syncs of different groups at once: every repository version Pulp made is in the ledger", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        const upstream = fs.mkdtempSync(path.join(os.tmpdir(), "rt-concurrent-"));
        const shorts = Object.values(GROUPS).flat();
        const publish = (round: number) => {
            for (const s of shorts)
                buildFileRepo(path.join(upstream, s), { [`${s}.txt`]: `${s} round ${round}\n` });
        };
        publish(1);
        const server = await serveDir(upstream);
        try {
            const project = new ReleaseTrainProject(
                ark,
                Object.entries(GROUPS).flatMap(([group, names]) =>
                    names.map((s) => ({
                        name: `Concurrent ${s}`,
                        short_name: s,
                        type: "file",
                        url: `${server.url}${s}/PULP_MANIFEST`,
                        base_path: `concurrent/${s}/`,
                        sync_group: group,
                    })),
                ),
            );
            const stack = await project.stack();
            await stack.up();
            for (let round = 1; round <= 3; round++) {
                if (round > 1) {
                    await new Promise((r) => setTimeout(r, 1100)); // snapshot ids have one-second resolution
                    publish(round);
                }
                const runs = await Promise.all(
                    Object.keys(GROUPS).map((g) => project.cli("sync", "--group", g)),
                );
                for (const r of runs) {
                    expect(r.stderr).not.toMatch(/FAILED|release-train:/);
                    expect(r.code).toBe(0);
                    expect(r.stdout).toMatch(/2 new snapshot\(s\), 0 unchanged, 0 failed/);
                }
            }
            const client = new PulpClient({
                baseUrl: ark.apiUrl,
                username: ark.username,
                password: ark.password,
            });
            const ledger = loadLedger(path.join(project.dir, "ledger.yaml"));
            for (const s of shorts) {
                const repo = (await client.findOne<{ pulp_href: string }>("repositories/file/file/", {
                    name: `Concurrent ${s}`,
                }))!;
                const made = (await client.list<{ number: number }>(`${repo.pulp_href}versions/`))
                    .map((v) => v.number)
                    .filter((n) => n > 0)
                    .sort((a, b) => a - b);
                expect(made.length).toBeGreaterThan(0);
                expect({ [s]: (ledger[s] ?? []).map((e) => e.version) }).toEqual({ [s]: made });
            }
            expect(fs.readdirSync(project.dir).filter((f) => f.includes(".lock"))).toEqual([]);
            await stack.destroy();
        } finally {
            await server.close();
        }
    })();
});
