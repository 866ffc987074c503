import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ContainerTagPromotion } from "../../components/pulp";
import { PulpClient } from "../../components/pulp/client/http";
import { ContainerCatalogue } from "../../model/containerCatalogue";
import { promotedImageTags } from "../../model/containerPins";
import { loadPins } from "../../model/pins";
import { changes, inlineStack } from "../harness/engine";
import { connectionOf, PulpInstance, startPulp, stopPulp, withPulpLogs } from "../harness/pulp";
import { skopeoCopy, skopeoInspectDigest, skopeoListTags, writeOciImage } from "../harness/registry";

// Promotion by pins on a real Pulp with the registry's token auth, on the real engine: images
// pushed with skopeo to the development namespace, tags copied into the release repository.
jest.setTimeout(1_200_000);
const NAME = "test-containers-promote";
const IMAGE = "rocky-keystone";
const catalogue: ContainerCatalogue = {
    namespace: "kolla",
    devNamespace: "kolla-dev",
    distributions: ["rocky"],
    images: [IMAGE],
};

afterAll(() => stopPulp(NAME));

test("pinned tags are promoted from development to release and never moved", async () => {
    const pulp: PulpInstance = startPulp(NAME, { PULP_TOKEN_AUTH: "true" });
    const registry = new URL(pulp.apiUrl).host;
    const creds = { username: pulp.username, password: pulp.password };
    const c = new PulpClient(connectionOf(pulp));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "rt-cpromote-"));
    const push = async (tag: string, text: string) => {
        const dir = path.join(work, `${tag}-${text}`);
        const digest = writeOciImage(dir, { tag, files: { "hello.txt": text } });
        await skopeoCopy(`oci:${dir}:${tag}`, `docker://${registry}/kolla-dev/${IMAGE}:${tag}`, {
            destCreds: creds,
            tlsVerify: false,
        });
        return digest;
    };
    const released = (tag: string) =>
        skopeoInspectDigest(`docker://${registry}/kolla/${IMAGE}:${tag}`, { creds });
    const releasedTags = () => skopeoListTags(`docker://${registry}/kolla/${IMAGE}`, { creds });

    await withPulpLogs(pulp, async () => {
        const pushed = {
            t1: await push("t1", "one"),
            t2: await push("t2", "two"),
            t3: await push("t3", "three"),
        };
        const repo = (
            await c.write<{ pulp_href: string }>("POST", "repositories/container/container/", {
                name: `kolla/${IMAGE}`,
            })
        ).data.pulp_href;
        await c.write("POST", "distributions/container/container/", {
            name: `kolla/${IMAGE}`,
            base_path: `kolla/${IMAGE}`,
            repository: repo,
        });

        const pinsDir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-cpromote-pins-"));
        const pin = (client: string, yaml: string) =>
            fs.writeFileSync(path.join(pinsDir, `${client}.yaml`), yaml);
        pin("a", "containers:\n  default: t1\n");
        pin("b", "containers:\n  keystone: t2\n");
        const stack = await inlineStack("rt-cpromote", "e2e", async () => {
            const connection = connectionOf(pulp);
            const promoted: Record<string, unknown> = {};
            for (const [image, tags] of Object.entries(promotedImageTags(loadPins(pinsDir), catalogue))) {
                const p = new ContainerTagPromotion(`promote-${image}`, {
                    connection,
                    image,
                    source: `${catalogue.devNamespace}/${image}`,
                    target: repo,
                    tags,
                });
                promoted[image] = p.promoted;
            }
            return { promoted };
        });
        // What the state holds (refresh updates it, not the stack's outputs).
        const promotedNow = async () =>
            (await stack.exportStack()).deployment.resources.find((r: { type: string }) =>
                r.type.endsWith(":ContainerTagPromotion"),
            ).outputs.promoted;

        // Exactly the pinned tags, on the very manifests CI pushed.
        const first = await stack.up();
        expect(changes(first.summary)).toEqual({ create: 2 }); // the stack and the one promotion
        expect(await released("t1")).toBe(pushed.t1);
        expect(await released("t2")).toBe(pushed.t2);
        expect(await releasedTags()).toEqual(["t1", "t2"]);
        expect(await promotedNow()).toEqual({ t1: pushed.t1, t2: pushed.t2 });

        const again = await stack.up();
        expect(changes(again.summary)).toEqual({ same: 2 });

        // Re-pinning adds the new tag; the old one stays for whoever still pulls it.
        pin("b", "containers:\n  keystone: t3\n");
        const repinned = await stack.up();
        expect(changes(repinned.summary)).toEqual({ same: 1, update: 1 });
        expect(await released("t3")).toBe(pushed.t3);
        expect(await released("t2")).toBe(pushed.t2);
        expect(await releasedTags()).toEqual(["t1", "t2", "t3"]);

        // A tag removed outside Pulumi shows up on refresh and is promoted again.
        const t3 = await c.list<{ pulp_href: string }>("content/container/tags/", {
            name: "t3",
            repository_version: (await c.get<{ latest_version_href: string }>(repo)).latest_version_href,
        });
        await c.write("POST", `${repo}remove/`, { content_units: t3.map((t) => t.pulp_href) });
        const refreshed = await stack.refresh();
        expect(changes(refreshed.summary)).toMatchObject({ update: 1 });
        expect(await promotedNow()).toEqual({ t1: pushed.t1 });
        const healed = await stack.up();
        expect(changes(healed.summary)).toEqual({ same: 1, update: 1 });
        expect(await released("t3")).toBe(pushed.t3);

        // A pinned tag CI never pushed fails the preview, naming image and tag; nothing changes.
        pin("b", "containers:\n  keystone: t9\n");
        await expect(stack.preview()).rejects.toThrow(
            /image rocky-keystone: pinned tag\(s\) t9 not in the development repository kolla-dev\/rocky-keystone/,
        );
        pin("b", "containers:\n  keystone: t3\n");

        // CI re-pushes a promoted tag with other content: release keeps it, the next up says why it stops.
        const repushed = await push("t1", "one, rebuilt");
        expect(repushed).not.toBe(pushed.t1);
        const err = await stack.up().then(
            () => undefined,
            (e: Error) => e.message,
        );
        expect(err).toContain(
            `image rocky-keystone: tag t1 was promoted as ${pushed.t1}, but kolla-dev/rocky-keystone:t1 is now ${repushed}`,
        );
        expect(await released("t1")).toBe(pushed.t1);
    })();
});
