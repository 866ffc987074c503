import * as path from "path";
import { loadLedger } from "../../model/ledger";
import { changes } from "../harness/engine";
import { dnfDownload } from "../harness/dnf";
import { withUpstream } from "../harness/httpServer";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { addPackages, buildRpmRepo, removePackage } from "../harness/rpmRepo";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// A real package manager consumes the release train: dnf resolves and downloads from a released
// RPM snapshot with the client's credentials, and is refused a development one.
jest.setTimeout(600_000);
const ARK = "test-train-rpm";

afterAll(() => stopPulp(ARK));

test("dnf installs from a released snapshot, exactly its packages, and is refused development content", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-rpm-upstream-",
            (upstream) => {
                buildRpmRepo(upstream, [
                    { name: "foo", version: "1.0" },
                    { name: "bar", version: "1.0" },
                ]);
            },
            async (upstream, upstreamUrl) => {
                const project = new ReleaseTrainProject(ark, [
                    {
                        name: "Local RPMs",
                        short_name: "rpms",
                        type: "rpm",
                        url: upstreamUrl,
                        base_path: "local/rpms/",
                        sync_group: "local",
                    },
                ]);
                const stack = await project.stack();
                await stack.up();
                expect((await project.cli("sync")).code).toBe(0);
                await new Promise((r) => setTimeout(r, 1100));
                addPackages(upstream, [{ name: "foo", version: "1.1" }]);
                removePackage(upstream, "foo-1.0-1.noarch.rpm"); // upstream replaces foo 1.0 by 1.1
                expect((await project.cli("sync")).stdout).toMatch(/1 new snapshot\(s\)/);
                const [v1, v2] = loadLedger(path.join(project.dir, "ledger.yaml")).rpms;
                expect([v1.version, v2.version]).toEqual([1, 2]);

                const diff = await project.cli("diff", "rpms", v1.id, v2.id);
                expect(diff.stdout).toContain("~ foo-1.0-1.noarch -> foo-1.1-1.noarch");
                expect(diff.stdout).toContain("0 added, 0 removed, 1 changed");

                const password = "site-r-password-1";
                project.setPins("site-r", { rpms: v1.id }, password);
                expect(changes((await stack.up()).summary)).toMatchObject({ create: expect.any(Number) });
                const url = (id: string) => `${ark.contentUrl}/pulp/content/local/rpms/${id}/`;

                // The released snapshot serves what upstream had then: foo 1.0, not today's 1.1.
                const released = await dnfDownload(
                    { baseurl: url(v1.id), username: "site-r", password },
                    "foo",
                );
                expect(released.output).not.toMatch(/Error/);
                expect(released.files).toEqual(["foo-1.0-1.noarch.rpm"]);

                const dev = await dnfDownload({ baseurl: url(v2.id), username: "site-r", password }, "foo");
                expect(dev.ok).toBe(false);
                expect(dev.output).toMatch(/403|Forbidden/);

                const wrong = await dnfDownload(
                    { baseurl: url(v1.id), username: "site-r", password: "not-it" },
                    "foo",
                );
                expect(wrong.ok).toBe(false);
                expect(wrong.output).toMatch(/40[13]/);
                await stack.destroy();
            },
        );
    })();
});
