import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { actionlint } from "../harness/actionlint";
import { installMocks, resourceRecorder } from "../harness/resourceRecorder";
import { loadManifest, Manifest, parseManifest } from "../../model/githubManifest";
import { managedBranches } from "../../model/githubPlan";
import { WORKFLOW_NAMES } from "../../model/workflowNames";

// The GitHub organisation under mocks (the github provider plugin cannot be obtained here).
let seen: { type: string; name: string }[];
beforeAll(async () => {
    seen = await installMocks();
});

async function construct(m: Manifest) {
    const { GithubOrganisation } = await import("../../components/github/githubOrganisation");
    const rec = resourceRecorder();
    await new GithubOrganisation("github", { manifest: m }, { transformations: [rec.transformation] })
        .declared;
    return rec.records;
}
const small = () => loadManifest(path.join(__dirname, "../fixtures/github/small.yaml"));

test("the resources of a small manifest: type, name and parent (renames show up here)", async () => {
    const records = await construct(small());
    const lines = records.map((r) => `${r.type} ${r.name} <- ${r.parent ?? "(root)"}`).sort();
    expect(lines).toMatchSnapshot();
    // Every custom resource reached the (mock) engine.
    await new Promise((r) => setImmediate(r));
    const custom = records.filter((r) => !r.type.startsWith("releasetrain:"));
    const registered = new Set(seen.map((s) => `${s.type} ${s.name}`));
    for (const r of custom) expect(registered).toContain(`${r.type} ${r.name}`);
});

test("adopted repositories are imported, and no repository is ever deleted from GitHub", async () => {
    const m = loadManifest(path.join(__dirname, "../../github/prod.yaml"));
    const { GithubOrganisation } = await import("../../components/github/githubOrganisation");
    const rec = resourceRecorder();
    const seenOpts: { name: string; retain?: boolean; import?: string }[] = [];
    const org = new GithubOrganisation(
        "github2",
        { manifest: m },
        {
            transformations: [
                rec.transformation,
                (a) => {
                    if (a.type === "github:index/repository:Repository")
                        seenOpts.push({
                            name: a.props.name,
                            retain: a.opts.retainOnDelete,
                            import: (a.opts as { import?: string }).import,
                        });
                    return undefined;
                },
            ],
        },
    );
    await org.declared;
    expect(seenOpts.every((o) => o.retain === true)).toBe(true);
    expect(seenOpts.filter((o) => o.import).map((o) => [o.name, o.import])).toEqual(
        m.repositories.filter((r) => r.adopt).map((r) => [r.name, r.name]),
    );
    expect(seenOpts.length).toBe(m.repositories.length);
});

test("every generated workflow passes actionlint (with shellcheck on the scripts)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-workflows-"));
    const written: string[] = [];
    for (const f of ["github/prod.yaml", "test/fixtures/github/small.yaml"]) {
        const records = await construct(loadManifest(path.join(__dirname, "../..", f)));
        for (const r of records.filter((x) => x.type === "github:index/repositoryFile:RepositoryFile")) {
            if (!String(r.props.file).startsWith(".github/workflows/")) continue;
            const out = path.join(dir, `${written.length}-${r.name}.yml`);
            fs.writeFileSync(out, String(r.props.content));
            written.push(out);
        }
    }
    // Every template is exercised by the two manifests.
    const kinds = new Set(written.map((w) => WORKFLOW_NAMES.find((n) => w.endsWith(`-${n}.yml`))));
    expect([...kinds].sort()).toEqual([...WORKFLOW_NAMES].sort());
    expect(actionlint(written)).toBe(0);
    // The same check fails on a broken workflow, so the pass above means something.
    const bad = path.join(dir, "bad.yml");
    fs.writeFileSync(
        bad,
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo $UNQUOTED "${{ matrix.nope }}"\n',
    );
    expect(actionlint([bad])).not.toBe(0);
});

// An independent statement of the rollout rules, checked against what the component declares.
function expectedFiles(m: Manifest): Set<string> {
    const out = new Set<string>();
    for (const r of m.repositories) {
        const openstack = r.repository_type === "openstack";
        const releases = [...new Set([...r.synced_releases, ...r.additional_releases])];
        const releaseOf = (b: string) => releases.find((x) => `${m.release_branch_prefix}${x}` === b);
        const branches = new Set([
            r.default_branch,
            ...releases.map((x) => `${m.release_branch_prefix}${x}`),
        ]);
        for (const b of branches) {
            const wfs = new Set<string>();
            if (b === r.default_branch) {
                const base = openstack
                    ? m.openstack_workflows.default_branch
                    : (r.workflows ??
                      (r.repository_type === "ansible" ? ["lint-collection", "publish-collection"] : []));
                for (const w of base) if (!r.ignored_workflows.default_branch.includes(w)) wfs.add(w);
                for (const w of r.additional_workflows.default_branch) wfs.add(w);
                if (r.synced_releases.length === 0) wfs.delete("upstream-sync");
            }
            const rel = releaseOf(b);
            if (rel !== undefined) {
                const ignored = [
                    ...r.ignored_workflows.release_branches,
                    ...(r.per_release_ignored_workflows[rel] ?? []),
                ];
                for (const w of m.openstack_workflows.release_branches) if (!ignored.includes(w)) wfs.add(w);
                for (const w of r.additional_workflows.release_branches) wfs.add(w);
            }
            for (const w of wfs) out.add(`${r.name} ${b} .github/workflows/${w}.yml`);
            out.add(
                `${r.name} ${b} .github/CODEOWNERS @${m.organisation}/${m.teams[r.codeowners ?? r.team].slug}`,
            );
        }
    }
    return out;
}

const RELEASES = ["master", "2026.1", "2025.1", "2024.1", "zed", "yoga"];
const workflows = fc.subarray([...WORKFLOW_NAMES]);
const repoArb = fc.record({
    type: fc.constantFrom("openstack", "openstack", "ansible", "single-branch", "docs", "branchless"),
    synced: fc.subarray(RELEASES.slice(0, 4)),
    additional: fc.subarray(RELEASES.slice(4)),
    defaultIsRelease: fc.boolean(),
    ignoredDefault: workflows,
    ignoredRelease: workflows,
    additionalDefault: workflows,
    additionalRelease: workflows,
    perRelease: workflows,
    workflows: fc.option(workflows, { nil: undefined }),
    codeowners: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
});
const manifestArb = fc.record({
    base: fc.record({ default_branch: workflows, release_branches: workflows }),
    repos: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), repoArb, { minKeys: 1, maxKeys: 4 }),
});

test("every (repository, branch) pair gets exactly its workflows and CODEOWNERS, and nothing else", async () => {
    await fc.assert(
        fc.asyncProperty(manifestArb, async ({ base, repos }) => {
            const repositories: Record<string, unknown> = {};
            for (const [name, r] of Object.entries(repos)) {
                const openstack = r.type === "openstack";
                const releases = [...r.synced, ...r.additional];
                repositories[name] = {
                    team: "a",
                    repository_type: r.type,
                    codeowners: r.codeowners,
                    default_branch:
                        openstack && r.defaultIsRelease && releases.length
                            ? `stackhpc/${releases[0]}`
                            : "main",
                    ...(openstack
                        ? {
                              synced_releases: r.synced,
                              additional_releases: r.additional,
                              per_release_ignored_workflows: releases.length
                                  ? { [releases[0]]: r.perRelease }
                                  : {},
                          }
                        : { workflows: r.workflows }),
                    ignored_workflows: {
                        default_branch: r.ignoredDefault,
                        release_branches: r.ignoredRelease,
                    },
                    additional_workflows: {
                        default_branch: r.additionalDefault,
                        release_branches: r.additionalRelease,
                    },
                };
            }
            const m = parseManifest({
                organisation: "org",
                maintained_releases: RELEASES.slice(0, 4),
                commit_author: { name: "ci", email: "ci@example.com" },
                openstack_workflows: base,
                teams: { a: { name: "Team A", maintainers: ["x"] }, b: { maintainers: ["y"] } },
                repositories,
            });
            const records = await construct(m);
            const byName = new Map(records.map((r) => [r.name, r]));
            const actual: string[] = [];
            for (const r of records.filter((x) => x.type === "github:index/repositoryFile:RepositoryFile")) {
                const repo = byName.get(r.parent!)!.name.replace(/^github-repo-/, "");
                const owner = / (@\S+)\n$/.exec(String(r.props.content));
                actual.push(
                    `${repo} ${r.props.branch} ${r.props.file}${r.props.file === ".github/CODEOWNERS" ? ` ${owner?.[1]}` : ""}`,
                );
            }
            expect(actual.length).toBe(new Set(actual).size);
            expect(new Set(actual)).toEqual(expectedFiles(m));
            // Protection follows the same branches (none for branchless repositories).
            const protectedPairs = records
                .filter((x) => x.type === "github:index/branchProtection:BranchProtection")
                .map((x) => `${byName.get(x.parent!)!.name} ${x.props.pattern}`)
                .sort();
            const expectedProtected = m.repositories
                .filter((r) => r.repository_type !== "branchless")
                .flatMap((r) => managedBranches(m, r).map((b) => `github-repo-${r.name} ${b.branch}`))
                .sort();
            expect(protectedPairs).toEqual(expectedProtected);
            for (const r of records) expect(r.name).toMatch(/^github(-|$)/);
        }),
        { numRuns: 60 },
    );
});
