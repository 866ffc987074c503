import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { versionContent } from "../../cli/content";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { aptDownload, AptSource } from "../harness/apt";
import { buildDebRepo, DebRepoSpec, makeGpgKey } from "../harness/debRepo";
import { changes } from "../harness/engine";
import { serveDir } from "../harness/httpServer";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// Ubuntu hosts consume the release train: Ark mirrors a signed archive (filtered by distribution,
// component and architecture) and an unsigned Cloud-Archive-shaped one, publishes each snapshot,
// and apt, as an unprivileged client with an auth.conf, reads exactly the released snapshot.
jest.setTimeout(900_000);
const ARK = "test-train-deb";

afterAll(() => stopPulp(ARK));

const archive = (updates: string, extraUniverse: { name: string; version: string }[] = []) => ({
    noble: {
        main: [
            { name: "foo", version: "1.0" },
            { name: "foo", version: "1.0", arch: "arm64" },
            { name: "bar", version: "1.0", arch: "all" },
        ],
        universe: [{ name: "baz", version: "1.0" }, ...extraUniverse],
        restricted: [{ name: "secret", version: "1.0" }],
    },
    "noble-updates": {
        main: [
            { name: "foo", version: updates },
            { name: "foo", version: updates, arch: "arm64" },
        ],
        universe: [], // every pocket has every component, empty or not
    },
    "noble-backports": { main: [{ name: "newer", version: "1.0" }] },
});

test("apt reads exactly a released deb snapshot with client credentials, and nothing else", async () => {
    const ark = startPulp(ARK);
    const key = makeGpgKey();
    const stranger = makeGpgKey("someone else <else@example.invalid>");
    await withPulpLogs(ark, async () => {
        const upstream = fs.mkdtempSync(path.join(os.tmpdir(), "rt-deb-upstream-"));
        const ubuntu = (spec: Omit<DebRepoSpec, "architectures" | "signingKey">) =>
            buildDebRepo(path.join(upstream, "ubuntu"), {
                ...spec,
                architectures: ["amd64", "arm64"],
                signingKey: key,
                acquireByHash: true,
            });
        ubuntu({ dists: archive("1.1") });
        // Unsigned, as an operator meets some third-party and in-house archives.
        buildDebRepo(path.join(upstream, "cloud"), {
            dists: { "noble-updates/epoxy": { main: [{ name: "nova", version: "1.0", arch: "all" }] } },
            architectures: ["amd64"],
        });
        const server = await serveDir(upstream);
        try {
            const project = new ReleaseTrainProject(ark, [
                {
                    name: "Ubuntu noble",
                    short_name: "ubuntu_noble",
                    type: "deb",
                    url: `${server.url}ubuntu`, // as the real catalogue spells it: no trailing '/'
                    base_path: "ubuntu/noble/",
                    sync_group: "ubuntu",
                    distributions: "noble noble-updates",
                    components: "main universe",
                    architectures: "amd64",
                    gpgkey: key.armored,
                    mode: "verbatim",
                },
                {
                    name: "Cloud archive",
                    short_name: "cloud_epoxy",
                    type: "deb",
                    url: `${server.url}cloud/`,
                    base_path: "cloud/noble/epoxy/",
                    sync_group: "ubuntu",
                    distributions: "noble-updates/epoxy",
                    components: "main",
                    mode: "simple_and_structured",
                },
                {
                    name: "Ubuntu noble, wrong key",
                    short_name: "ubuntu_wrong_key",
                    type: "deb",
                    url: `${server.url}ubuntu/`,
                    base_path: "ubuntu/wrong-key/",
                    sync_group: "wrong_key",
                    distributions: "noble",
                    gpgkey: stranger.armored,
                },
            ]);
            const stack = await project.stack();
            await stack.up();
            const api = new PulpClient({
                baseUrl: ark.apiUrl,
                username: ark.username,
                password: ark.password,
            });
            const remote = await api.findOne<Record<string, unknown>>("remotes/deb/apt/", {
                name: "Ubuntu noble-remote",
            });
            expect(remote).toMatchObject({
                distributions: "noble noble-updates",
                components: "main universe",
                architectures: "amd64",
                sync_sources: false,
                sync_udebs: false,
                policy: "immediate",
            });
            expect(String(remote?.gpgkey)).toContain("BEGIN PGP PUBLIC KEY BLOCK");

            const s1 = await project.cli("sync", "--group", "ubuntu");
            expect(s1.stdout).toMatch(/2 new snapshot\(s\), 0 unchanged, 0 failed/);
            // Release files signed by another key than the entry's are refused, not mirrored.
            const wrong = await project.cli("sync", "--group", "wrong_key", "--retries", "0");
            expect(wrong.code).toBe(1);
            expect(wrong.stdout).toMatch(/^ubuntu_wrong_key +failed +.*(GPG|verify)/im);
            expect(project.ledgerText()).not.toContain("ubuntu_wrong_key");

            // Only the entry's distributions, components and architectures were mirrored.
            const [v1] = loadLedger(path.join(project.dir, "ledger.yaml")).ubuntu_noble;
            const repo = (await api.findOne<{ pulp_href: string }>("repositories/deb/apt/", {
                name: "Ubuntu noble",
            }))!;
            const units = await versionContent(api, `${repo.pulp_href}versions/${v1.version}/`);
            const debs = units
                .filter((u) => u.type === "deb.package")
                .map((u) => `${u.fields.package}_${u.fields.version}_${u.fields.architecture}`)
                .sort();
            expect(debs).toEqual(["bar_1.0_all", "baz_1.0_amd64", "foo_1.0_amd64", "foo_1.1_amd64"]);
            expect(units.map((u) => u.type)).not.toContain("deb.source_package");
            expect(units.map((u) => u.type)).not.toContain("deb.installer_package");
            const components = units
                .filter((u) => u.type === "deb.release_component")
                .map((u) => `${u.fields.distribution}/${u.fields.component}`)
                .sort();
            expect(components).toEqual([
                "noble-updates/main",
                "noble-updates/universe",
                "noble/main",
                "noble/universe",
            ]);

            // Upstream publishes an update: a new snapshot; the old one keeps what it had.
            await new Promise((r) => setTimeout(r, 1100));
            ubuntu({ dists: archive("1.2", [{ name: "qux", version: "1.0" }]) });
            expect((await project.cli("sync", "--group", "ubuntu")).stdout).toMatch(
                /1 new snapshot\(s\), 1 unchanged, 0 failed/,
            );
            const ledger = loadLedger(path.join(project.dir, "ledger.yaml"));
            const v2 = ledger.ubuntu_noble[1];
            const [cloud] = ledger.cloud_epoxy;
            const diff = await project.cli("diff", "ubuntu_noble", v1.id, v2.id);
            expect(diff.stdout.trim().split("\n")).toEqual([
                "+ qux_1.0_amd64",
                "~ foo_1.0_amd64, foo_1.1_amd64 -> foo_1.0_amd64, foo_1.2_amd64",
                "1 added, 0 removed, 1 changed",
            ]);

            const password = "site-d-password-1";
            project.setPins("site-d", { ubuntu_noble: v1.id, cloud_epoxy: cloud.id }, password);
            await stack.up();
            expect(changes((await stack.up()).summary)).toEqual({ same: expect.any(Number) });

            const url = (basePath: string, id: string) => `${ark.contentUrl}/pulp/content/${basePath}${id}/`;
            const login = { username: "site-d", password };
            const noble = (id: string, extra: Partial<AptSource> = {}): AptSource => ({
                url: url("ubuntu/noble/", id),
                suites: ["noble", "noble-updates"],
                components: ["main", "universe"],
                signedBy: key.keyring,
                login,
                ...extra,
            });

            // The released snapshot, checked against upstream's own signature (verbatim).
            const released = await aptDownload(noble(v1.id), ["foo", "bar", "baz"]);
            expect(released.output).not.toMatch(/^(E:|W:|Err:)/m);
            expect(released.files.sort()).toEqual([
                "bar_1.0_all.deb",
                "baz_1.0_amd64.deb",
                "foo_1.1_amd64.deb",
            ]);
            expect(released.output).not.toContain(password);
            // Filtered out upstream, so not in the snapshot.
            const arm = await aptDownload(noble(v1.id, { arch: "arm64" }), ["foo"]);
            expect(arm.updated).toBe(false);
            expect(arm.files).toEqual([]);
            expect(arm.output).toMatch(/404/);

            // Refused: the development snapshot, no credentials, a wrong password.
            for (const [what, src] of [
                ["development snapshot", noble(v2.id)],
                ["no credentials", noble(v1.id, { login: undefined })],
                ["wrong password", noble(v1.id, { login: { username: "site-d", password: "not-it" } })],
            ] as const) {
                const r = await aptDownload(src, ["foo"]);
                expect({ what, updated: r.updated, files: r.files }).toEqual({
                    what,
                    updated: false,
                    files: [],
                });
                expect(r.output).toMatch(/40[13]/);
                expect(r.output).not.toContain(password);
            }
            // The signature apt checks is upstream's: another key is refused.
            const forged = await aptDownload(noble(v1.id, { signedBy: stranger.keyring }), ["foo"]);
            expect(forged.updated).toBe(false);
            expect(forged.output).toMatch(/NO_PUBKEY|not signed/);

            // The unsigned upstream's snapshot, in both layouts Pulp wrote.
            const epoxy = { url: url("cloud/noble/epoxy/", cloud.id), login };
            const structured = await aptDownload(
                { ...epoxy, suites: ["noble-updates/epoxy"], components: ["main"] },
                ["nova"],
            );
            expect(structured.output).not.toMatch(/^(E:|W:|Err:)/m);
            expect(structured.files).toEqual(["nova_1.0_all.deb"]);
            const simple = await aptDownload({ ...epoxy, suites: ["default"], components: ["all"] }, [
                "nova",
            ]);
            expect(simple.output).not.toMatch(/^(E:|W:|Err:)/m);
            expect(simple.files).toEqual(["nova_1.0_all.deb"]);

            expect((await project.cli("verify")).stdout).toMatch(/all 3 snapshot\(s\) match the ledger/);
            await stack.destroy();
        } finally {
            await server.close();
        }
    })();
    key.dispose();
    stranger.dispose();
});
