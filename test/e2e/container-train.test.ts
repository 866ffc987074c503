import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { changes } from "../harness/engine";
import { frontPki } from "../harness/pki";
import { startFront, startPulp, stopPulp, withPulpLogs } from "../harness/pulp";
import {
    skopeoCertDir,
    skopeoCopy,
    skopeoInspectDigest,
    skopeoListTags,
    writeOciImage,
} from "../harness/registry";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";

// The container train in one run, as operators use it: CI pushes builds to Ark's development
// namespace, a client's pins promote one tag to the release namespace (Ark's own stack), and the
// client's site mirrors exactly that tag through Ark's TLS front and token-auth registry.
jest.setTimeout(1_800_000);
const ARK = "test-ctrain-ark";
const SITE = "test-ctrain-site";
const IMAGE = "rocky-keystone";

afterAll(() => {
    for (const n of [ARK, SITE]) stopPulp(n);
});

const refusal = (p: Promise<unknown>) =>
    p.then(
        () => "allowed",
        (e: Error) => e.message,
    );

test("a pushed build reaches a site only once pinned: pushed to N-dev, promoted by pins, mirrored", async () => {
    const { ca, pki, tlsDir } = frontPki("release-train container train CA", ["site-a"]);
    startPulp(ARK, { PULP_TOKEN_AUTH: "true" });
    const ark = startFront(ARK, tlsDir);
    const site = startPulp(SITE);
    const front = ark.frontUrl!;
    const frontHost = front.replace(/^https:\/\//, "");
    await withPulpLogs(ark, async () => {
        const project = new ReleaseTrainProject(ark, []);
        project.pki = pki;
        project.setContainerCatalogue({ namespace: "kolla", distributions: ["rocky"], images: ["keystone"] });
        const password = "site-a-password-1";
        project.setPins("site-a", {}, password);
        const arkStack = await project.stack();
        await arkStack.up();

        // CI (Ark's admin here; the CI group's rights are the container-ark test's) pushes two builds.
        const admin = { username: ark.username, password: ark.password };
        const adminCerts = skopeoCertDir(ca.certificate, ca.issue("ark-admin", { usage: "client" }));
        const layout = fs.mkdtempSync(path.join(os.tmpdir(), "rt-oci-"));
        const built = {
            "2024.1-1": writeOciImage(layout, { tag: "2024.1-1", files: { "etc/build": "one\n" } }),
            "2024.1-2": writeOciImage(layout, { tag: "2024.1-2", files: { "etc/build": "two\n" } }),
        };
        const at = (host: string, ns: string, tag?: string) =>
            `docker://${host}/${ns}/${IMAGE}${tag ? `:${tag}` : ""}`;
        for (const tag of Object.keys(built))
            await skopeoCopy(`oci:${layout}:${tag}`, at(frontHost, "kolla-dev", tag), {
                destCreds: admin,
                destCertDir: adminCerts,
                tlsVerify: true,
            });
        const asClient = {
            creds: { username: "site-a", password },
            certDir: skopeoCertDir(ca.certificate, pki.clients["site-a"]),
            tlsVerify: true,
        };
        // Nothing is released yet, and development is never the client's.
        expect(await refusal(skopeoInspectDigest(at(frontHost, "kolla", "2024.1-1"), asClient))).not.toBe(
            "allowed",
        );
        expect(await refusal(skopeoInspectDigest(at(frontHost, "kolla-dev", "2024.1-1"), asClient))).not.toBe(
            "allowed",
        );

        // The release pull request: site-a pins build 1; Ark's up promotes exactly that tag.
        project.setPins("site-a", {}, password, { default: "2024.1-1" });
        expect(changes((await arkStack.up()).summary)).toMatchObject({ create: 1 });
        expect(await skopeoInspectDigest(at(frontHost, "kolla", "2024.1-1"), asClient)).toBe(
            built["2024.1-1"],
        );
        expect(await skopeoListTags(at(frontHost, "kolla"), asClient)).toEqual(["2024.1-1"]);

        // The site mirrors it from its pins: the pushed digest, and only the pinned tag.
        const siteStack = await project.site("site-a", site, front);
        const up = await siteStack.up();
        expect(up.outputs.images.value).toEqual({ [IMAGE]: `kolla/${IMAGE}` });
        const siteHost = site.apiUrl.replace(/^http:\/\//, "");
        expect(await skopeoInspectDigest(at(siteHost, "kolla", "2024.1-1"))).toBe(built["2024.1-1"]);
        expect(await skopeoListTags(at(siteHost, "kolla"))).toEqual(["2024.1-1"]);

        // Idempotent on both sides.
        expect((await arkStack.preview()).changeSummary).toEqual({ same: expect.any(Number) });
        expect((await siteStack.preview()).changeSummary).toEqual({ same: expect.any(Number) });

        // A re-pin to build 2: Ark adds the tag (build 1 stays released), the site follows.
        project.setPins("site-a", {}, password, { default: "2024.1-2" });
        await arkStack.up();
        expect(await skopeoListTags(at(frontHost, "kolla"), asClient)).toEqual(["2024.1-1", "2024.1-2"]);
        await siteStack.up();
        expect(await skopeoInspectDigest(at(siteHost, "kolla", "2024.1-2"))).toBe(built["2024.1-2"]);
        expect(await skopeoListTags(at(siteHost, "kolla"))).toEqual(["2024.1-2"]);
    })();
});
