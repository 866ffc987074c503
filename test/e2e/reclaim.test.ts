import { execFileSync } from "child_process";
import * as path from "path";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { changes } from "../harness/engine";
import { withUpstream } from "../harness/httpServer";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { addPackages, buildRpmRepo, removePackage } from "../harness/rpmRepo";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// Retention that gives the disk back: prune, pulumi up, then reclaim deletes what no snapshot
// uses (rpm mirror syncs' own publications included), runs orphan cleanup, and the media root
// shrinks, while every remaining snapshot still verifies and nothing a distribution serves goes.
jest.setTimeout(1_200_000);
const ARK = "test-reclaim";

afterAll(() => stopPulp(ARK));

const du = (dir: string) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
const later = () => new Date(Date.now() + 365 * 86_400_000).toISOString();
const tick = () => new Promise((r) => setTimeout(r, 1100)); // snapshot ids have one-second resolution

test("prune, up, reclaim: disk usage goes down and the remaining snapshots verify", async () => {
    const ark = startPulp(ARK);
    const media = path.join(path.dirname(ark.logDir), "media");
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-reclaim-",
            (upstream) => {
                buildRpmRepo(upstream, [
                    { name: "foo", version: "1.0" },
                    { name: "bar", version: "1.0" },
                ]);
            },
            async (upstream, upstreamUrl) => {
                const project = new ReleaseTrainProject(ark, [
                    {
                        name: "Reclaim RPMs",
                        short_name: "rpms",
                        type: "rpm", // mirror_complete by default: each sync publishes its version itself
                        url: upstreamUrl,
                        base_path: "reclaim/rpms/",
                        sync_group: "local",
                    },
                ]);
                const stack = await project.stack();
                await stack.up();
                expect((await project.cli("sync")).code).toBe(0);
                await tick();
                addPackages(upstream, [{ name: "foo", version: "1.1" }]);
                removePackage(upstream, "foo-1.0-1.noarch.rpm");
                expect((await project.cli("sync")).stdout).toMatch(/1 new snapshot\(s\)/);
                await tick();
                addPackages(upstream, [{ name: "baz", version: "1.0" }]);
                removePackage(upstream, "bar-1.0-1.noarch.rpm");
                expect((await project.cli("sync")).stdout).toMatch(/1 new snapshot\(s\)/);
                const [s1, s2, s3] = loadLedger(path.join(project.dir, "ledger.yaml")).rpms;
                expect([s1.version, s2.version, s3.version]).toEqual([1, 2, 3]);
                await stack.up();

                const api = new PulpClient({
                    baseUrl: ark.apiUrl,
                    username: ark.username,
                    password: ark.password,
                });
                const repo = (await api.findOne<{ pulp_href: string }>("repositories/rpm/rpm/", {
                    name: "Reclaim RPMs",
                }))!;
                const publications = async () =>
                    (
                        await api.list<{ pulp_href: string; repository_version: string }>(
                            "publications/rpm/rpm/",
                            {
                                repository: repo.pulp_href,
                            },
                        )
                    )
                        .map((p) => Number(p.repository_version.match(/versions\/(\d+)\/$/)![1]))
                        .sort();
                const versions = async () =>
                    (await api.list<{ number: number }>(`${repo.pulp_href}versions/`))
                        .map((v) => v.number)
                        .sort();
                // Two publications per snapshot: the sync's own and the one pulumi up manages.
                expect(await publications()).toEqual([1, 1, 2, 2, 3, 3]);

                // A distribution made by hand serves version 1 (the sync's own publication of it).
                const managed = await api.findOne<{ publication: string }>("distributions/rpm/rpm/", {
                    name: `rpms-${s1.id}`,
                });
                const byHand = (
                    await api.list<{ pulp_href: string }>("publications/rpm/rpm/", {
                        repository_version: `${repo.pulp_href}versions/1/`,
                    })
                ).find((p) => p.pulp_href !== managed!.publication)!;
                await api.write("POST", "distributions/rpm/rpm/", {
                    name: "reclaim-by-hand",
                    base_path: "reclaim/by-hand",
                    publication: byHand.pulp_href,
                });

                const pruned = await project.cli("snapshots", "prune", "--as-of", later());
                expect(pruned.stdout).toContain(`dropped rpms ${s1.id} (v1)`);
                expect(pruned.stdout).toContain(`dropped rpms ${s2.id} (v2)`);
                // One resource per dropped snapshot; each takes its distribution and publication along.
                expect(changes((await stack.up()).summary)).toMatchObject({ delete: 2 });
                expect(await publications()).toEqual([1, 2, 3, 3]);

                const dry = await project.cli("snapshots", "reclaim", "--dry-run");
                expect(dry.code).toBe(0);
                expect(dry.stdout).toContain("would delete rpms version 2 (no ledger entry uses it)");
                expect(await publications()).toEqual([1, 2, 3, 3]);

                const before = du(media);
                const r = await project.cli("snapshots", "reclaim", "--orphan-protection", "0");
                expect(r.stderr).toBe("");
                expect(r.code).toBe(0);
                expect(r.stdout).toMatch(/^deleted publication \S+ of rpms version 2 \(its version goes\)$/m);
                expect(r.stdout).toMatch(
                    /^deleted publication \S+ of rpms version 3 \(a second publication .*\)$/m,
                );
                expect(r.stdout).toContain("deleted rpms version 2 (no ledger entry uses it)");
                expect(r.stdout).toContain(
                    "rpms: version 1 is in no ledger entry but a distribution still serves it: kept (after a prune, run pulumi up first)",
                );
                const summary = r.stdout.match(
                    /^2 publication\(s\) and 1 repository version\(s\) deleted; orphan cleanup removed (\d+) content unit\(s\) and (\d+) artifact\(s\): ([\d.]+) MB reclaimed$/m,
                );
                expect(summary).not.toBeNull();
                expect(Number(summary![2])).toBeGreaterThan(0);
                const after = du(media);
                expect(after).toBeLessThan(before);
                expect(await publications()).toEqual([1, 3]);
                expect(await versions()).toEqual([0, 1, 3]);
                expect((await project.cli("verify")).stdout).toMatch(/all 1 snapshot\(s\) match the ledger/);

                // Once the hand-made distribution goes, so does version 1 and the packages only it held.
                const hand = (await api.findOne<{ pulp_href: string }>("distributions/rpm/rpm/", {
                    name: "reclaim-by-hand",
                }))!;
                await api.delete(hand.pulp_href);
                const again = await project.cli("snapshots", "reclaim", "--orphan-protection", "0");
                expect(again.stdout).toContain("deleted rpms version 1 (no ledger entry uses it)");
                expect(again.stdout).toMatch(/^1 publication\(s\) and 1 repository version\(s\) deleted/m);
                const content = again.stdout.match(
                    /orphan cleanup removed (\d+) content unit\(s\) and (\d+) artifact/,
                );
                expect(Number(content![1])).toBeGreaterThanOrEqual(2); // foo 1.0 and bar 1.0
                expect(du(media)).toBeLessThan(after);
                expect(await versions()).toEqual([0, 3]);
                expect((await project.cli("verify")).stdout).toMatch(/all 1 snapshot\(s\) match the ledger/);

                const idle = await project.cli("snapshots", "reclaim", "--orphan-protection", "0");
                expect(idle.stdout).toMatch(/^0 publication\(s\) and 0 repository version\(s\) deleted/m);
                await stack.destroy();
            },
        );
    })();
});
