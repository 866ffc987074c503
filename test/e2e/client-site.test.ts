import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { changes, stateText } from "../harness/engine";
import { dnfDownload } from "../harness/dnf";
import { withUpstream } from "../harness/httpServer";
import { frontPki, KeyPair, TestCa } from "../harness/pki";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { addPackages, buildRpmRepo, removePackage } from "../harness/rpmRepo";
import { keptVersions, servedDigest } from "../harness/siteContent";
import { connectionOf, PulpInstance, startFront, startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// The whole train on this machine: Ark behind its nginx TLS front (client certificates required),
// two client sites' Pulps mirroring their pinned snapshots through it, on the real engine.
jest.setTimeout(2_400_000);
const ARK = "test-site-ark";
const SITES = ["test-site-a", "test-site-b"];

afterAll(() => {
    for (const n of [ARK, ...SITES]) stopPulp(n);
});

/** GET through Ark's front as a client would: its certificate at TLS, its password at Pulp. */
async function viaFront(
    url: string,
    ca: string,
    pair?: KeyPair,
    auth?: { username: string; password: string },
) {
    const httpsAgent = new https.Agent({ ca, cert: pair?.certificate, key: pair?.privateKey });
    const r = await axios.get(url, { httpsAgent, auth, validateStatus: () => true, responseType: "text" });
    return { status: r.status, body: String(r.data) };
}

test("a client site mirrors exactly its pins from Ark through the TLS front, and access control holds", async () => {
    const { ca, pki, tlsDir } = frontPki("release-train e2e CA", ["site-a", "site-b"]);
    startPulp(ARK);
    const ark: PulpInstance = startFront(ARK, tlsDir);
    const [site, siteB] = SITES.map((n) => startPulp(n));
    const siteClient = new PulpClient(connectionOf(site));
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-site-upstream-",
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
                project.pki = pki;
                const arkStack = await project.stack();
                await arkStack.up();
                expect((await project.cli("sync")).code).toBe(0);
                const [s1] = loadLedger(path.join(project.dir, "ledger.yaml")).rpms;
                const pw = { "site-a": "site-a-password-1", "site-b": "site-b-password-1" };
                project.setPins("site-a", { rpms: s1.id }, pw["site-a"]);
                project.setPins("site-b", { rpms: s1.id }, pw["site-b"]);
                const arkUp = await arkStack.up();
                expect(arkUp.outputs.clients.secret).toBe(true);
                expect(Object.keys(arkUp.outputs.clients.value).sort()).toEqual(["site-a", "site-b"]);

                // Site a mirrors its pin: development serves exactly Ark's snapshot, production nothing yet.
                const siteA = await project.site("site-a", site, ark.frontUrl!);
                const up1 = await siteA.up();
                expect(up1.outputs.development.value).toEqual({ rpms: "local/rpms/development" });
                expect(await servedDigest(siteClient, "rpm", "rpms-development")).toBe(s1.digest);
                expect(await servedDigest(siteClient, "rpm", "rpms-production")).toBeUndefined();
                // A host installs from the site's mirror, which fetched the package from Ark on demand.
                const siteUrl = (stage: string) => `${site.contentUrl}/pulp/content/local/rpms/${stage}/`;
                const host = await dnfDownload({ baseurl: siteUrl("development") }, "foo");
                expect(host.output).not.toMatch(/Error/);
                expect(host.files).toEqual(["foo-1.0-1.noarch.rpm"]);
                // Idempotent, both stacks.
                expect((await siteA.preview()).changeSummary).toEqual({ same: expect.any(Number) });
                expect((await arkStack.preview()).changeSummary).toEqual({ same: expect.any(Number) });

                // Upstream changes and Ark snapshots it; the site does not see it until its pins move.
                await new Promise((r) => setTimeout(r, 1100));
                addPackages(upstream, [{ name: "foo", version: "1.1" }]);
                removePackage(upstream, "foo-1.0-1.noarch.rpm");
                expect((await project.cli("sync")).stdout).toMatch(/1 new snapshot\(s\)/);
                const [, s2] = loadLedger(path.join(project.dir, "ledger.yaml")).rpms;
                await arkStack.up();
                expect(changes((await siteA.up()).summary)).toEqual({ same: expect.any(Number) });
                expect(await servedDigest(siteClient, "rpm", "rpms-development")).toBe(s1.digest);

                // The release moves the pin: development follows, production stays where the site put it.
                fs.writeFileSync(
                    path.join(project.dir, "pins/site-a.yaml"),
                    `repositories:\n  rpms: "${s2.id}"\nproduction:\n  rpms: "${s1.id}"\n`,
                );
                await arkStack.up();
                await siteA.up();
                expect(await servedDigest(siteClient, "rpm", "rpms-development")).toBe(s2.digest);
                expect(await servedDigest(siteClient, "rpm", "rpms-production")).toBe(s1.digest);
                expect((await dnfDownload({ baseurl: siteUrl("development") }, "foo")).files).toEqual([
                    "foo-1.1-1.noarch.rpm",
                ]);
                expect((await dnfDownload({ baseurl: siteUrl("production") }, "foo")).files).toEqual([
                    "foo-1.0-1.noarch.rpm",
                ]);

                // The site promotes: production moves to the release.
                fs.writeFileSync(
                    path.join(project.dir, "pins/site-a.yaml"),
                    `repositories:\n  rpms: "${s2.id}"\nproduction:\n  rpms: "${s2.id}"\n`,
                );
                await arkStack.up();
                await siteA.up();
                expect(await servedDigest(siteClient, "rpm", "rpms-production")).toBe(s2.digest);
                // s1 is pinned no more: its version went with its sync, so versions do not pile up.
                expect(await keptVersions(siteClient, "rpm/rpm", "Local RPMs")).toEqual([0, 2]);

                // Drift made by hand on the site is seen by refresh and repaired by up.
                const dev = await siteClient.findOne<{ pulp_href: string }>("distributions/rpm/rpm/", {
                    name: "rpms-development",
                });
                await siteClient.write("PATCH", dev!.pulp_href, { publication: null });
                const refresh = await siteA.refresh();
                expect(changes(refresh.summary)).toMatchObject({ update: 1 });
                expect(changes((await siteA.up()).summary)).toMatchObject({ update: 1 });
                expect(await servedDigest(siteClient, "rpm", "rpms-development")).toBe(s2.digest);

                // Through the front: each bad credential fails, naming the cause.
                const snap = `${ark.frontUrl}/pulp/content/local/rpms/${s2.id}/repodata/repomd.xml`;
                const a = { username: "site-a", password: pw["site-a"] };
                expect((await viaFront(snap, ca.certificate, pki.clients["site-a"], a)).status).toBe(200);
                const noCert = await viaFront(snap, ca.certificate, undefined, a);
                expect(noCert).toEqual({
                    status: 400,
                    body: "Ark requires a client certificate signed by the Ark CA\n",
                });
                const otherCa = await viaFront(
                    snap,
                    ca.certificate,
                    new TestCa("another CA").issue("site-a", { usage: "client" }),
                    a,
                );
                expect(otherCa.status).toBe(400);
                expect(otherCa.body).toMatch(/refused the client certificate/);
                const expired = await viaFront(snap, ca.certificate, ca.issueExpired("site-a"), a);
                expect(expired.status).toBe(400);
                expect(expired.body).toMatch(/refused the client certificate/);
                const wrongPw = await viaFront(snap, ca.certificate, pki.clients["site-a"], {
                    ...a,
                    password: "wrong",
                });
                expect([401, 403]).toContain(wrongPw.status);

                // A site configured with a wrong password fails at its sync, naming the remote and the cause.
                const bad = await project.site("site-b", siteB, ark.frontUrl!, {
                    ...pki.clients["site-b"],
                    caCertificate: ca.certificate,
                    username: "site-b",
                    password: "not-the-password",
                });
                const failed = await bad.up().then(
                    () => "succeeded",
                    (e: Error) => e.message,
                );
                expect(failed).toMatch(
                    /syncing rpms snapshot \d{8}T\d{6} from remote 'rpms-\d{8}T\d{6}' \(https:\/\/127\.0\.0\.1:\d+\/pulp\/content\/local\/rpms\/\d{8}T\d{6}\/\) failed/,
                );
                expect(failed).toMatch(/username\/password/);
                expect(failed).not.toContain("not-the-password");
                await bad.destroy();

                // Removing a client on Ark takes its access away; the other keeps it.
                const b = { username: "site-b", password: pw["site-b"] };
                expect(
                    (await viaFront(snap.replace(s2.id, s1.id), ca.certificate, pki.clients["site-b"], b))
                        .status,
                ).toBe(200);
                project.removeClient("site-b");
                await arkStack.up();
                expect([401, 403]).toContain(
                    (await viaFront(snap.replace(s2.id, s1.id), ca.certificate, pki.clients["site-b"], b))
                        .status,
                );
                expect((await viaFront(snap, ca.certificate, pki.clients["site-a"], a)).status).toBe(200);
                // Nothing on site a changes; its StackReference re-reads Ark's (changed) outputs.
                expect(changes((await siteA.up()).summary)).toEqual({ same: expect.any(Number), read: 1 });
                // No private key or password in either stack's state.
                for (const s of [arkStack, siteA]) {
                    const text = await stateText(s);
                    expect(text).not.toContain("PRIVATE KEY");
                    for (const p of Object.values(pw)) expect(text).not.toContain(p);
                }
                // (No destroy: the instances are dropped with their data when the test ends.)
            },
        );
    })();
});
