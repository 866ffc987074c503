import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { installPulpMocks, Registered } from "../harness/resourceRecorder";

// The Ark program with a container catalogue, under mocks: namespaces, their roles, the two stages
// of every image, and how synced container snapshots are served and released.
let registered: Registered[] = [];
beforeAll(async () => {
    registered = await installPulpMocks();
});

const D = (c: string) => `sha256:${c.repeat(64)}`;
function project(containers: boolean, tags?: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ark-ct-"));
    fs.mkdirSync(path.join(dir, "catalogue"));
    fs.mkdirSync(path.join(dir, "pins"));
    fs.writeFileSync(
        path.join(dir, "catalogue/c.yaml"),
        YAML.stringify({
            repositories: [
                {
                    name: "Cirros",
                    short_name: "cirros",
                    type: "container",
                    url: "http://127.0.0.1:5000",
                    upstream_name: "library/cirros",
                    base_path: "upstream/cirros/",
                    sync_group: "g",
                },
            ],
        }),
    );
    if (containers)
        fs.writeFileSync(
            path.join(dir, "catalogue/containers.yaml"),
            YAML.stringify({
                containers: {
                    namespace: "kolla",
                    distributions: ["rocky"],
                    images: ["keystone", "nova-api"],
                },
            }),
        );
    fs.writeFileSync(
        path.join(dir, "ledger.yaml"),
        YAML.stringify({
            snapshots: {
                cirros: [
                    { id: "20260101T000000", version: 1, digest: D("a") },
                    { id: "20260201T000000", version: 2, digest: D("b") },
                ],
            },
        }),
    );
    fs.writeFileSync(
        path.join(dir, "pins/site-a.yaml"),
        YAML.stringify({
            repositories: { cirros: "20260101T000000" },
            ...(tags ? { containers: tags } : {}),
        }),
    );
    return dir;
}

async function build(containers: boolean, tags?: Record<string, string>) {
    const { arkProgram } = await import("../../stacks/ark");
    const { parseStackConfig } = await import("../../stacks/config");
    const cfg = parseStackConfig({
        role: "ark",
        pulpUrl: "http://127.0.0.1:1",
        catalogue: "catalogue",
        ledger: "ledger.yaml",
        pins: "pins",
    });
    registered.length = 0;
    const ark = await arkProgram("ark", {
        cfg,
        connection: { baseUrl: "http://127.0.0.1:1", username: "admin", password: "pw" },
        clientPasswords: pulumi.secret<Record<string, string>>({ "site-a": "site-a-password" }),
        clientsWithPasswords: ["site-a"],
        root: project(containers, tags),
    });
    await new Promise((r) => setTimeout(r, 300));
    return ark;
}
const href = (name: string) => `/pulp/api/v3/mock/${name}/`;
const ofType = (t: string) => registered.filter((r) => r.type === `pulumi-nodejs:dynamic/pulp:${t}`);

test("both namespaces, and roles: CI pushes to N-dev only, clients pull N only, operators push N-dev and pull N", async () => {
    await build(true);
    expect(ofType("ContainerNamespace").map((r) => [r.name, r.inputs.name])).toEqual([
        ["ark-containers-ns-dev", "kolla-dev"],
        ["ark-containers-ns-release", "kolla"],
        ["ark-container-snapshots-ns-upstream", "upstream"],
    ]);
    const roles = ofType("RoleAssignment").map((r) => [
        r.inputs.group,
        r.inputs.role,
        r.inputs.content_object,
    ]);
    const dev = href("ark-containers-ns-dev");
    const rel = href("ark-containers-ns-release");
    expect(roles).toEqual(
        expect.arrayContaining([
            ["ci", "container.containernamespace_collaborator", dev],
            ["operators", "container.containernamespace_collaborator", dev],
            ["operators", "container.containernamespace_consumer", rel],
            ["clients", "container.containernamespace_consumer", rel],
        ]),
    );
    // Nobody may push to the release namespace: only promotion (Pulp's admin) changes it.
    expect(roles.filter(([, , o]) => o === rel).map(([, r]) => r)).not.toContain(
        "container.containernamespace_collaborator",
    );
    expect(roles.filter(([g, , o]) => g === "ci" && o === rel)).toEqual([]);
});

test("every image has a repository and a private distribution at N-dev/I and at N/I", async () => {
    const ark = await build(true);
    expect(Object.keys(ark.containerImages)).toEqual(["rocky-keystone", "rocky-nova-api"]);
    const dists = ofType("Distribution").map((r) => [
        r.name,
        r.inputs.base_path,
        r.inputs.repository,
        r.inputs.private,
    ]);
    expect(dists).toEqual([
        [
            "ark-containers-rocky-keystone-dev-dist",
            "kolla-dev/rocky-keystone",
            href("ark-containers-rocky-keystone-dev-repo"),
            true,
        ],
        [
            "ark-containers-rocky-keystone-release-dist",
            "kolla/rocky-keystone",
            href("ark-containers-rocky-keystone-release-repo"),
            true,
        ],
        [
            "ark-containers-rocky-nova-api-dev-dist",
            "kolla-dev/rocky-nova-api",
            href("ark-containers-rocky-nova-api-dev-repo"),
            true,
        ],
        [
            "ark-containers-rocky-nova-api-release-dist",
            "kolla/rocky-nova-api",
            href("ark-containers-rocky-nova-api-release-repo"),
            true,
        ],
    ]);
    expect(
        ofType("Repository")
            .filter((r) => r.name.startsWith("ark-containers-"))
            .map((r) => [r.inputs.plugin, r.inputs.name, r.inputs.retain_repo_versions]),
    ).toEqual([
        ["container", "kolla-dev/rocky-keystone", null],
        ["container", "kolla/rocky-keystone", null],
        ["container", "kolla-dev/rocky-nova-api", null],
        ["container", "kolla/rocky-nova-api", null],
    ]);
    const image = ark.containerImages["rocky-keystone"];
    expect(image.release.path).toBe("kolla/rocky-keystone");
    expect(image.development.path).toBe("kolla-dev/rocky-keystone");
});

test("container snapshots: a lower-case registry path, private instead of an RBAC guard, clients get a pull role on a released one", async () => {
    await build(false);
    const snaps = ofType("Snapshot").map((r) => [
        r.inputs.base_path,
        r.inputs.private,
        r.inputs.content_guard,
    ]);
    expect(snaps).toEqual([
        ["upstream/cirros/20260101t000000", true, undefined],
        ["upstream/cirros/20260201t000000", true, undefined],
    ]);
    const roles = ofType("RoleAssignment").map((r) => [
        r.name,
        r.inputs.group,
        r.inputs.role,
        r.inputs.content_object,
    ]);
    expect(roles).toEqual([
        [
            "ark-container-snapshots-ns-upstream-operators",
            "operators",
            "container.containernamespace_consumer",
            href("ark-container-snapshots-ns-upstream"),
        ],
        [
            "ark-container-snapshots-ns-upstream-ci",
            "ci",
            "container.containernamespace_consumer",
            href("ark-container-snapshots-ns-upstream"),
        ],
        [
            "ark-container-snapshots-cirros-20260101T000000-clients",
            "clients",
            "container.containerdistribution_consumer",
            href("ark-cirros-20260101T000000"),
        ],
    ]);
    // Without containers.yaml there are no image namespaces and no images.
    expect(ofType("ContainerNamespace").map((r) => r.inputs.name)).toEqual(["upstream"]);
});

test("each image some client pins is promoted: its pinned tags, from N-dev/I to N/I's repository", async () => {
    // No pins, no promotion: the images exist for CI to push to.
    expect(ofType("ContainerTagPromotion")).toEqual([]);
    await build(true, { default: "2024.1-1", "nova-api": "2024.1-2" });
    expect(ofType("ContainerTagPromotion").map((r) => [r.name, r.inputs])).toEqual([
        [
            "ark-containers-rocky-keystone-promotion",
            expect.objectContaining({
                image: "rocky-keystone",
                source: "kolla-dev/rocky-keystone",
                target: href("ark-containers-rocky-keystone-release-repo"),
                tags: ["2024.1-1"],
            }),
        ],
        [
            "ark-containers-rocky-nova-api-promotion",
            expect.objectContaining({
                source: "kolla-dev/rocky-nova-api",
                target: href("ark-containers-rocky-nova-api-release-repo"),
                tags: ["2024.1-2"],
            }),
        ],
    ]);
    // A pin for an image the catalogue does not have is refused before anything is declared.
    await expect(build(true, { glance: "2024.1-1" })).rejects.toThrow(
        "containers.glance: no image of the container catalogue is named glance",
    );
});
