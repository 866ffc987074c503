import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { repositorySyncProvider } from "../../components/pulp/providers/repositorySync";
import { changes, stateText } from "../harness/engine";
import { frontPki, KeyPair } from "../harness/pki";
import { connectionOf, startFront, startPulp, stopPulp, withPulpLogs } from "../harness/pulp";
import {
    skopeoCertDir,
    skopeoCopy,
    skopeoInspectDigest,
    skopeoListTags,
    writeOciImage,
} from "../harness/registry";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { keptVersions } from "../harness/siteContent";

// A client site's container mirror on the real engine: Ark's registry with token auth behind its
// TLS front (client certificates required, the token server is the front), the site's Pulp pulling
// exactly its pinned tag through it with the client's certificate and password.
jest.setTimeout(1_800_000);
const ARK = "test-cont-ark";
const SITE = "test-cont-site";
const NS = "kolla";
const IMAGE = "rocky-keystone";

afterAll(() => {
    for (const n of [ARK, SITE]) stopPulp(n);
});

test("a client site mirrors exactly its pinned image tag from Ark's registry through the TLS front", async () => {
    const { ca, pki, tlsDir } = frontPki("release-train containers CA", ["site-a", "site-b"]);
    startPulp(ARK, { PULP_TOKEN_AUTH: "true" });
    const ark = startFront(ARK, tlsDir);
    const site = startPulp(SITE);
    const front = ark.frontUrl!;
    const frontHost = front.replace(/^https:\/\//, "");
    const arkApi = new PulpClient(connectionOf(ark));
    await withPulpLogs(ark, async () => {
        // The registry's challenge sends clients for their token to the front, not to Pulp's own port.
        const agent = (pair?: KeyPair) =>
            new https.Agent({ ca: ca.certificate, cert: pair?.certificate, key: pair?.privateKey });
        const challenge = await axios.get(`${front}/v2/`, {
            httpsAgent: agent(pki.clients["site-a"]),
            validateStatus: () => true,
        });
        expect(challenge.status).toBe(401);
        expect(challenge.headers["www-authenticate"]).toContain(`Bearer realm="${front}/token/"`);
        const noCertToken = await axios.get(`${front}/token/?service=${frontHost}`, {
            httpsAgent: agent(),
            validateStatus: () => true,
        });
        expect([noCertToken.status, noCertToken.data]).toEqual([
            400,
            "Ark requires a client certificate signed by the Ark CA\n",
        ]);

        // An operator pushes two tags of an image into Ark's release namespace.
        const admin = { username: ark.username, password: ark.password };
        const adminCerts = skopeoCertDir(ca.certificate, ca.issue("ark-admin", { usage: "client" }));
        const layout = fs.mkdtempSync(path.join(os.tmpdir(), "rt-oci-"));
        const digest1 = writeOciImage(layout, { tag: "2024.1-1", files: { "etc/release": "one\n" } });
        const digest2 = writeOciImage(layout, { tag: "2024.1-2", files: { "etc/release": "two\n" } });
        expect(digest1).not.toBe(digest2);
        const ref = (host: string, tag?: string) => `docker://${host}/${NS}/${IMAGE}${tag ? `:${tag}` : ""}`;
        for (const tag of ["2024.1-1", "2024.1-2"])
            await skopeoCopy(`oci:${layout}:${tag}`, ref(frontHost, tag), {
                destCreds: admin,
                destCertDir: adminCerts,
                tlsVerify: true,
            });
        // Released to clients only: private, and the clients group may pull from the namespace.
        const dist = await arkApi.findOne<{ pulp_href: string }>("distributions/container/container/", {
            base_path: `${NS}/${IMAGE}`,
        });
        await arkApi.write("PATCH", dist!.pulp_href, { private: true });

        const project = new ReleaseTrainProject(ark, []);
        project.pki = pki;
        const pw = { "site-a": "site-a-password-1", "site-b": "site-b-password-1" };
        project.setPins("site-a", {}, pw["site-a"]);
        project.setPins("site-b", {}, pw["site-b"]);
        const arkStack = await project.stack();
        await arkStack.up();
        const clients = await arkApi.findOne<{ pulp_href: string }>("groups/", { name: "clients" });
        const ns = await arkApi.findOne<{ pulp_href: string }>("pulp_container/namespaces/", { name: NS });
        await arkApi.write("POST", `${clients!.pulp_href}roles/`, {
            role: "container.containernamespace_consumer",
            content_object: ns!.pulp_href,
        });
        const siteACerts = skopeoCertDir(ca.certificate, pki.clients["site-a"]);
        const a = { username: "site-a", password: pw["site-a"] };
        expect(
            await skopeoInspectDigest(ref(frontHost, "2024.1-1"), {
                creds: a,
                certDir: siteACerts,
                tlsVerify: true,
            }),
        ).toBe(digest1);

        // The site mirrors its one pinned tag.
        project.siteContainers["site-a"] = { namespace: NS, images: { [IMAGE]: "2024.1-1" } };
        const siteA = await project.site("site-a", site, front);
        const up1 = await siteA.up();
        expect(up1.outputs.images.value).toEqual({ [IMAGE]: `${NS}/${IMAGE}` });
        const siteHost = site.apiUrl.replace(/^http:\/\//, "");
        expect(await skopeoInspectDigest(ref(siteHost, "2024.1-1"))).toBe(digest1);
        // The unpinned tag never reaches the site.
        expect(await skopeoListTags(ref(siteHost))).toEqual(["2024.1-1"]);
        await expect(skopeoInspectDigest(ref(siteHost, "2024.1-2"))).rejects.toThrow(
            /manifest unknown|not found/i,
        );
        // A host pulls the whole image: its layers come from Ark on demand, through the front.
        const pulled = fs.mkdtempSync(path.join(os.tmpdir(), "rt-pulled-"));
        await skopeoCopy(ref(siteHost, "2024.1-1"), `oci:${pulled}:got`);
        const index = JSON.parse(fs.readFileSync(path.join(pulled, "index.json"), "utf8"));
        expect(index.manifests[0].digest).toBe(digest1);
        const siteClient = new PulpClient(connectionOf(site));
        const remote = await siteClient.findOne<Record<string, unknown>>("remotes/container/container/", {
            name: `${NS}/${IMAGE}`,
        });
        expect(remote).toMatchObject({
            url: front,
            upstream_name: `${NS}/${IMAGE}`,
            includes: ["2024.1-1"],
            policy: "on_demand",
        });

        // Idempotent.
        expect((await siteA.preview()).changeSummary).toEqual({ same: expect.any(Number) });

        // A re-pin: the site serves the new tag, and only it.
        project.siteContainers["site-a"] = { namespace: NS, images: { [IMAGE]: "2024.1-2" } };
        expect(changes((await siteA.up()).summary)).toMatchObject({ update: expect.any(Number) });
        expect(await skopeoInspectDigest(ref(siteHost, "2024.1-2"))).toBe(digest2);
        expect(await skopeoListTags(ref(siteHost))).toEqual(["2024.1-2"]);
        expect((await siteA.preview()).changeSummary).toEqual({ same: expect.any(Number) });
        // The old tag's version went with its sync: the site keeps what it serves (and version 0).
        expect(await keptVersions(siteClient, "container/container", `${NS}/${IMAGE}`)).toEqual([0, 2]);

        // Ark refuses a wrong password and a missing certificate, at the registry and at a site's sync.
        await expect(
            skopeoInspectDigest(ref(frontHost, "2024.1-1"), {
                creds: { ...a, password: "wrong" },
                certDir: siteACerts,
                tlsVerify: true,
            }),
        ).rejects.toThrow(/unauthorized|401/i);
        await expect(
            skopeoInspectDigest(ref(frontHost, "2024.1-1"), {
                creds: a,
                certDir: skopeoCertDir(ca.certificate),
                tlsVerify: true,
            }),
        ).rejects.toThrow(/400|client certificate/i);
        project.siteContainers["site-b"] = { namespace: NS, images: { [IMAGE]: "2024.1-1" } };
        const siteB = startPulp(`${SITE}-b`);
        try {
            const bad = await project.site("site-b", siteB, front, {
                ...pki.clients["site-b"],
                caCertificate: ca.certificate,
                username: "site-b",
                password: "not-the-password",
            });
            const failed = await bad.up().then(
                () => "succeeded",
                (e: Error) => e.message,
            );
            expect(failed).toContain(
                `syncing container image ${NS}/${IMAGE}:2024.1-1 as Ark user 'site-b' from remote '${NS}/${IMAGE}' (${front}) failed`,
            );
            expect(failed).toMatch(/username\/password/);
            expect(failed).not.toContain("not-the-password");
            // A site's remote without the client certificate: the front refuses it, and the sync says so.
            const b = new PulpClient(connectionOf(siteB));
            const { data: repo } = await b.write<{ pulp_href: string }>(
                "POST",
                "repositories/container/container/",
                {
                    name: "no-cert",
                },
            );
            const { data: noCert } = await b.write<{ pulp_href: string }>(
                "POST",
                "remotes/container/container/",
                {
                    name: "no-cert",
                    url: front,
                    upstream_name: `${NS}/${IMAGE}`,
                    includes: ["2024.1-1"],
                    policy: "on_demand",
                    ca_cert: ca.certificate,
                    username: "site-b",
                    password: pw["site-b"],
                },
            );
            const refused = await repositorySyncProvider.create!({
                connection: connectionOf(siteB),
                plugin: "container",
                repository: repo.pulp_href,
                remote: noCert.pulp_href,
                mirror: true,
                label: `container image ${NS}/${IMAGE}:2024.1-1 as Ark user 'site-b'`,
            }).then(
                () => "succeeded",
                (e: Error) => e.message,
            );
            expect(refused).toContain(
                `from remote 'no-cert' (${front}) failed: the upstream refused the request`,
            );
            expect(refused).toMatch(/client certificate is missing/);
        } finally {
            stopPulp(`${SITE}-b`);
        }

        // No private key or password in the site's state.
        const text = await stateText(siteA);
        expect(text).not.toContain("PRIVATE KEY");
        for (const p of Object.values(pw)) expect(text).not.toContain(p);
    })();
});
