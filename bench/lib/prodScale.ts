import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

// A synthetic project at production scale (reference §5): 155 RPM + 21 Deb catalogue entries with
// 30 snapshots each, 100 clients pinning 43 snapshots each, and 79 GitHub repositories
// (28 openstack, 44 ansible, 5 single-branch, 1 docs, 1 branchless) over 7 maintained releases.
// BENCH_SCALE picks a fraction of it (of the Ark part); BENCH_SMOKE=1 a tiny one that keeps every
// kind of resource but few of each: it only proves the benchmark runs.
const smoke = () => process.env.BENCH_SMOKE === "1";
export function scaleFactor(): number {
    return smoke() ? 0.01 : Number(process.env.BENCH_SCALE ?? 1);
}
function scale(f: number) {
    return {
        rpm: Math.ceil(155 * f),
        deb: Math.ceil(21 * f),
        snapshots: smoke() ? 3 : 30,
        clients: Math.ceil(100 * f),
        pinsPerClient: 43,
    };
}
const RELEASES = ["master", "2026.1", "2025.1", "2024.1", "2023.1", "zed", "yoga"];
const REPO_TYPES: [string, number][] = [
    ["openstack", 28],
    ["ansible", 44],
    ["single-branch", 5],
    ["docs", 1],
    ["branchless", 1],
];

function stamp(i: number): string {
    const d = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000);
    return d.toISOString().replace(/[-:]/g, "").slice(0, 15);
}

export function writeProdScaleProject(dir: string, f = scaleFactor()): { clients: string[] } {
    const SCALE = scale(f);
    fs.mkdirSync(path.join(dir, "catalogue"), { recursive: true });
    fs.mkdirSync(path.join(dir, "pins"), { recursive: true });
    const entries: Record<string, unknown>[] = [];
    for (let i = 0; i < SCALE.rpm; i++)
        entries.push({
            name: `RPM ${i}`,
            short_name: `rpm_${i}`,
            type: "rpm",
            url: `https://mirror.example.com/rpm/${i}/`,
            base_path: `rpm/${i}/`,
            sync_group: `group_${i % 19}`,
        });
    for (let i = 0; i < SCALE.deb; i++)
        entries.push({
            name: `Deb ${i}`,
            short_name: `deb_${i}`,
            type: "deb",
            url: `https://mirror.example.com/deb/${i}/`,
            base_path: `deb/${i}/`,
            sync_group: `group_${i % 19}`,
            distributions: "noble noble-updates",
            components: "main",
            architectures: "amd64",
            mirror: true,
        });
    fs.writeFileSync(path.join(dir, "catalogue/all.yaml"), YAML.stringify({ repositories: entries }));
    const snapshots: Record<string, unknown[]> = {};
    for (const e of entries)
        snapshots[e.short_name as string] = Array.from({ length: SCALE.snapshots }, (_, v) => ({
            id: stamp(v),
            version: v + 1,
            digest: `sha256:${(v % 16).toString(16).repeat(64)}`,
        }));
    fs.writeFileSync(path.join(dir, "ledger.yaml"), YAML.stringify({ snapshots }));
    const clients = Array.from({ length: SCALE.clients }, (_, c) => `client-${c}`);
    clients.forEach((client, c) => {
        const repositories: Record<string, string> = {};
        for (let k = 0; k < SCALE.pinsPerClient; k++) {
            const e = entries[(c * 7 + k) % entries.length];
            repositories[e.short_name as string] = stamp((c + k) % SCALE.snapshots);
        }
        fs.writeFileSync(path.join(dir, `pins/${client}.yaml`), YAML.stringify({ repositories }));
    });

    const teams: Record<string, unknown> = {
        admins: { name: "Admins", maintainers: ["ci-bot"] },
        developers: {
            name: "Developers",
            maintainers: ["ci-bot"],
            members: Array.from({ length: 43 }, (_, i) => `dev-${i}`),
        },
    };
    for (const t of ["ansible", "batch", "kayobe", "openstack", "platform", "releasetrain", "smslab"])
        teams[t] = { maintainers: ["dev-0"], members: ["dev-1", "dev-2"] };
    const repositories: Record<string, unknown> = {};
    for (const [type, n] of REPO_TYPES)
        for (let i = 0; i < (smoke() ? 1 : n); i++)
            repositories[`${type}-${i}`] = {
                team: type === "openstack" ? "openstack" : type === "ansible" ? "ansible" : "platform",
                repository_type: type,
                default_branch: type === "openstack" ? "master" : "main",
                adopt: true,
                ...(type === "openstack" ? { required_checks: { release_branches: ["tox"] } } : {}),
            };
    const labels = Object.fromEntries(
        [
            "arm64",
            "automated",
            "gate",
            "community-files",
            "magnum",
            "monitoring",
            "workflows",
            "ok-to-test",
            "synchronisation",
        ].map((l) => [l, { color: "ededed" }]),
    );
    fs.writeFileSync(
        path.join(dir, "github.yaml"),
        YAML.stringify({
            organisation: "example",
            maintained_releases: RELEASES,
            commit_author: { name: "ci-bot", email: "ci@example.com" },
            openstack_workflows: {
                default_branch: ["upstream-sync"],
                release_branches: ["tox", "tag-and-release"],
            },
            labels,
            teams,
            organisation_permissions: { admins: "admin", developers: "push" },
            protection: { push_teams: ["developers"] },
            repositories,
        }),
    );
    return { clients };
}
