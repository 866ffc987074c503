import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { changes } from "../harness/engine";
import { connectionOf, PulpInstance, startPulp, stopPulp, uniq, withPulpLogs } from "../harness/pulp";
import {
    Creds,
    skopeoCopy,
    skopeoInspectDigest,
    startUpstreamRegistry,
    UpstreamRegistry,
    writeOciImage,
} from "../harness/registry";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";

// Ark's container namespaces on a real Pulp whose registry uses token auth, driven by the real
// engine, pushed to and pulled from by skopeo as CI, operators and clients would.
jest.setTimeout(1_800_000);
const ARK = "test-containers-ark";
let ark: PulpInstance;
let upstream: UpstreamRegistry;

beforeAll(async () => {
    stopPulp(ARK); // a fresh server: Ark's groups and users are made by this test
    ark = startPulp(ARK, { PULP_TOKEN_AUTH: "true" });
    upstream = await startUpstreamRegistry();
});
afterAll(async () => {
    await upstream?.stop();
    stopPulp(ARK);
});

const host = () => new URL(ark.apiUrl).host;
const ref = (p: string) => `docker://${host()}/${p}`;
const refused = (p: Promise<unknown>) =>
    p.then(
        () => "allowed",
        (e: Error) => e.message,
    );

test("CI pushes to N-dev only, clients pull N only, operators both; an upstream image becomes a snapshot", async () => {
    await withPulpLogs(ark, async () => {
        const admin = new PulpClient(connectionOf(ark));
        const ns = uniq("kolla");
        const ci: Creds = { username: uniq("ci-bot"), password: "ci-password-e2e-1" };
        const op: Creds = { username: uniq("operator"), password: "operator-password-e2e-2" };
        const client: Creds = { username: "site-a", password: "client-password-e2e-3" };
        for (const u of [ci, op]) await admin.write("POST", "users/", u);

        const base = `${uniq("up")}/cirros/`;
        const project = new ReleaseTrainProject(
            ark,
            [
                {
                    name: "Cirros",
                    short_name: "cirros",
                    type: "container",
                    url: upstream.url,
                    upstream_name: "library/cirros",
                    base_path: base,
                    sync_group: "containers",
                },
            ],
            { operators: JSON.stringify([op.username]), ci: JSON.stringify([ci.username]) },
        );
        fs.writeFileSync(
            path.join(project.dir, "catalogue/containers.yaml"),
            YAML.stringify({
                containers: {
                    namespace: ns,
                    distributions: ["rocky", "ubuntu"],
                    images: ["keystone", "bifrost-deploy"],
                    exclude: { ubuntu: ["bifrost-deploy"] },
                },
            }),
        );
        project.setPins(client.username, {}, client.password);
        const stack = await project.stack();

        const first = await stack.up();
        expect(changes(first.summary).create).toBeGreaterThan(0);
        const same = changes(first.summary).create;
        expect(changes((await stack.up()).summary)).toEqual({ same });

        // What Pulp holds: both namespaces, and per image a private distribution at N-dev/I and N/I.
        const dists = await admin.list<{ base_path: string; private: boolean; repository: string | null }>(
            "distributions/container/container/",
        );
        const paths = dists.filter((d) => d.base_path.startsWith(ns)).map((d) => d.base_path);
        expect(paths.sort()).toEqual(
            ["rocky-keystone", "rocky-bifrost-deploy", "ubuntu-keystone"]
                .flatMap((i) => [`${ns}-dev/${i}`, `${ns}/${i}`])
                .sort(),
        );
        expect(dists.filter((d) => d.base_path.startsWith(ns)).every((d) => d.private && d.repository)).toBe(
            true,
        );

        // CI pushes an image written here to the development namespace.
        const layout = fs.mkdtempSync(path.join(os.tmpdir(), "rt-oci-"));
        const pushed = writeOciImage(layout, { tag: "v1", files: { "etc/keystone.conf": "[DEFAULT]\n" } });
        const dev = `${ns}-dev/rocky-keystone`;
        const rel = `${ns}/rocky-keystone`;
        await skopeoCopy(`oci:${layout}:v1`, ref(`${dev}:v1`), { destCreds: ci });
        expect(await skopeoInspectDigest(ref(`${dev}:v1`), { creds: ci })).toBe(pushed);

        // CI may not push to the release namespace, nor anyone without (or with wrong) credentials.
        expect(await refused(skopeoCopy(`oci:${layout}:v1`, ref(`${rel}:v1`), { destCreds: ci }))).toMatch(
            /denied|unauthorized|403|401/i,
        );
        expect(await refused(skopeoCopy(`oci:${layout}:v1`, ref(`${dev}:v2`)))).toMatch(
            /denied|unauthorized|401/i,
        );
        // Clients, anonymous and wrong credentials cannot pull from the development namespace.
        for (const creds of [client, undefined, { ...ci, password: "wrong-password" }])
            expect(await refused(skopeoInspectDigest(ref(`${dev}:v1`), { creds }))).toMatch(
                /denied|unauthorized|401|403|not found|unknown/i,
            );

        // Promotion is another slice's: here Pulp's admin copies the tag as it will.
        const repos = await admin.list<{ name: string; pulp_href: string; latest_version_href: string }>(
            "repositories/container/container/",
            { name__in: [dev, rel].join(",") },
        );
        const hrefOf = (n: string) => repos.find((r) => r.name === n)!;
        const copied = await admin.write("POST", `${hrefOf(rel).pulp_href}copy_tags/`, {
            source_repository: hrefOf(dev).pulp_href,
            names: ["v1"],
        });
        expect(copied.task).toBeDefined();
        // Operators pull from both namespaces, clients from the release one; CI not from release.
        expect(await skopeoInspectDigest(ref(`${dev}:v1`), { creds: op })).toBe(pushed);
        expect(await skopeoInspectDigest(ref(`${rel}:v1`), { creds: op })).toBe(pushed);
        expect(await skopeoInspectDigest(ref(`${rel}:v1`), { creds: client })).toBe(pushed);
        expect(await refused(skopeoInspectDigest(ref(`${rel}:v1`), { creds: ci }))).not.toBe("allowed");
        expect(await refused(skopeoInspectDigest(ref(`${rel}:v1`)))).not.toBe("allowed");
        // Pushes and tag copies are content, not configuration: the stack has nothing to change.
        expect(changes((await stack.up()).summary)).toEqual({ same });

        // Drift: CI's push role removed by hand is seen by refresh and given back by up.
        const devNs = (
            await admin.list<{ pulp_href: string }>("pulp_container/namespaces/", { name: `${ns}-dev` })
        )[0];
        await admin.write("POST", `${devNs.pulp_href}remove_role/`, {
            role: "container.containernamespace_collaborator",
            groups: ["ci"],
        });
        expect(await refused(skopeoCopy(`oci:${layout}:v1`, ref(`${dev}:v3`), { destCreds: ci }))).not.toBe(
            "allowed",
        );
        expect(changes((await stack.refresh()).summary)).toMatchObject({ delete: 1 });
        expect(changes((await stack.up()).summary)).toMatchObject({ create: 1 });
        await skopeoCopy(`oci:${layout}:v1`, ref(`${dev}:v3`), { destCreds: ci });

        // An upstream image, synced through a `type: container` catalogue entry, becomes a snapshot.
        const upLayout = fs.mkdtempSync(path.join(os.tmpdir(), "rt-oci-up-"));
        writeOciImage(upLayout, { tag: "0.6", files: { "etc/cirros-version": "0.6\n" } });
        await skopeoCopy(`oci:${upLayout}:0.6`, `docker://${upstream.host}/library/cirros:0.6`);
        const upstreamDigest = await skopeoInspectDigest(`docker://${upstream.host}/library/cirros:0.6`);
        const sync = await project.cli("sync");
        expect(sync.stderr + sync.stdout).toMatch(/1 new snapshot\(s\)/);
        const [snap] = loadLedger(path.join(project.dir, "ledger.yaml")).cirros;
        const snapPath = `${base}${snap.id.toLowerCase()}`;
        const withSnapshot = await stack.up();
        expect(changes(withSnapshot.summary)).toMatchObject({ create: 1 });
        expect(await skopeoInspectDigest(ref(`${snapPath}:0.6`), { creds: op })).toBe(upstreamDigest);
        // Unpinned, it is the operators' (and CI's) only; pinned, the client pulls it too.
        expect(await refused(skopeoInspectDigest(ref(`${snapPath}:0.6`), { creds: client }))).not.toBe(
            "allowed",
        );
        project.setPins(client.username, { cirros: snap.id }, client.password);
        expect(changes((await stack.up()).summary)).toMatchObject({ create: 1 });
        expect(await skopeoInspectDigest(ref(`${snapPath}:0.6`), { creds: client })).toBe(upstreamDigest);
        expect(await refused(skopeoInspectDigest(ref(`${snapPath}:0.6`)))).not.toBe("allowed");
        const last = changes((await stack.up()).summary);
        expect(Object.keys(last)).toEqual(["same"]);

        const gone = await stack.destroy();
        expect(changes(gone.summary).delete).toBe(last.same);
    })();
});
