import * as path from "path";
import YAML from "yaml";
import * as fs from "fs";
import { loadManifest, parseManifest } from "../../model/githubManifest";
import { managedBranches, planProblems } from "../../model/githubPlan";

// Validation at preview: each mistake is reported with the entry and the fix.
const SMALL = YAML.parse(fs.readFileSync(path.join(__dirname, "../fixtures/github/small.yaml"), "utf8"));
const withRepo = (repo: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...SMALL,
    ...extra,
    repositories: { ...SMALL.repositories, broken: repo },
});
const problemsOf = (raw: unknown): string[] => {
    try {
        const m = parseManifest(raw, "gh.yaml");
        return planProblems(m, "gh.yaml");
    } catch (e) {
        return (e as { problems?: string[] }).problems ?? [String(e)];
    }
};

test("the committed manifests are valid", () => {
    for (const f of ["github/prod.yaml", "test/fixtures/github/small.yaml"]) {
        const m = loadManifest(path.join(__dirname, "../..", f));
        expect(planProblems(m)).toEqual([]);
        expect(m.repositories.length).toBeGreaterThan(1);
    }
});

test("a repository with no team", () => {
    expect(problemsOf(withRepo({ synced_releases: ["2025.1"] }))).toEqual([
        "gh.yaml: repositories.broken.team: no owning team: add `team: <a key of teams>`",
    ]);
    expect(problemsOf(withRepo({ team: "nobody" }))).toEqual([
        "gh.yaml: repositories.broken.team: unknown team 'nobody' (one of admins, developers, kayobe)",
    ]);
});

test("an unknown workflow name, wherever it appears", () => {
    const p = problemsOf(
        withRepo({
            team: "kayobe",
            ignored_workflows: { release_branches: ["toxx"] },
            per_release_ignored_workflows: { "2025.1": ["tag-release"] },
        }),
    );
    expect(p).toEqual([
        expect.stringMatching(
            /^gh\.yaml: repositories\.broken\.ignored_workflows\.release_branches: unknown workflow 'toxx' \(known: upstream-sync, tox, /,
        ),
        expect.stringMatching(
            /^gh\.yaml: repositories\.broken\.per_release_ignored_workflows\.2025\.1: unknown workflow 'tag-release'/,
        ),
    ]);
});

test("a synced release that is not maintained", () => {
    expect(problemsOf(withRepo({ team: "kayobe", synced_releases: ["2025.1", "zed"] }))).toEqual([
        "gh.yaml: repositories.broken.synced_releases: 'zed' is not maintained (maintained_releases: 2025.1, 2024.1): drop it or add it to additional_releases",
    ]);
});

test("a CODEOWNERS team that does not exist", () => {
    expect(problemsOf(withRepo({ team: "kayobe", codeowners: "kolla-core" }))).toEqual([
        "gh.yaml: repositories.broken.codeowners: CODEOWNERS team 'kolla-core' does not exist (one of admins, developers, kayobe)",
    ]);
});

test("branch protection naming an unknown check set", () => {
    expect(problemsOf(withRepo({ team: "kayobe", required_checks: { release_branches: ["zuul"] } }))).toEqual(
        [
            "gh.yaml: repositories.broken.required_checks.release_branches: unknown check set 'zuul' (known: tox): define it under check_sets",
        ],
    );
    expect(problemsOf(withRepo({ team: "kayobe", required_checks: { "2023.1": ["tox"] } }))).toEqual([
        "gh.yaml: repositories.broken.required_checks: '2023.1' is not default_branch, release_branches or one of this repository's releases",
    ]);
});

test("requiring the tox checks on a branch without the tox workflow is refused", () => {
    expect(
        problemsOf(
            withRepo({
                team: "kayobe",
                ignored_workflows: { release_branches: ["tox"] },
                required_checks: { release_branches: ["tox"] },
            }),
        ),
    ).toEqual([
        expect.stringContaining(
            "repositories.broken.required_checks: branch stackhpc/2025.1 requires the tox check set but gets no tox workflow",
        ),
        expect.stringContaining("branch stackhpc/2024.1 requires the tox check set"),
    ]);
});

test("Upstream Sync needs its pull-request labels to exist", () => {
    expect(problemsOf({ ...SMALL, labels: { automated: { color: "ededed" } } })).toEqual([
        "gh.yaml: labels: 'synchronisation' is missing: Upstream Sync labels its pull requests with it",
    ]);
});

test("all problems are reported at once, and unknown fields are named", () => {
    const p = problemsOf({
        ...withRepo({ team: "nobody", synced_releases: ["zed"], colour: "red" }),
        teams: { ...SMALL.teams, empty: {} },
    });
    expect(p).toEqual([
        "gh.yaml: teams.empty: has no maintainers or members: add at least one login",
        "gh.yaml: repositories.broken: unknown field(s) colour: remove them or check the spelling",
    ]);
    const q = problemsOf(withRepo({ team: "nobody", synced_releases: ["zed"] }));
    expect(q).toHaveLength(2);
});

test("a default branch that is a release branch gets both workflow sets and both check sets", () => {
    const m = parseManifest(
        withRepo({
            team: "kayobe",
            default_branch: "stackhpc/2025.1",
            required_checks: { release_branches: ["tox"] },
        }),
    );
    const [first, ...rest] = managedBranches(
        m,
        m.repositories.find((r) => r.name === "broken")!,
    );
    expect(first).toMatchObject({
        branch: "stackhpc/2025.1",
        isDefault: true,
        release: "2025.1",
        workflows: ["upstream-sync", "tox", "tag-and-release"],
    });
    expect(first.requiredChecks).toContain("Tox py3 with Python 3.12");
    expect(rest.map((b) => b.branch)).toEqual(["stackhpc/2024.1"]);
    expect(rest[0].requiredChecks).toEqual([
        "Tox pep8 with Python 3.8",
        "Tox pep8 with Python 3.10",
        "Tox py3 with Python 3.8",
        "Tox py3 with Python 3.10",
    ]);
});
