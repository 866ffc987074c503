import { Manifest, Repository } from "./githubManifest";
import { toxChecks } from "./toxMatrix";
import { WORKFLOW_NAMES, WorkflowName } from "./workflowNames";

/** One branch release-train manages in a repository, and what goes on it. */
export interface ManagedBranch {
    readonly branch: string;
    readonly isDefault: boolean;
    /** The release series this branch carries (a release branch, or a default branch that is one). */
    readonly release?: string;
    readonly workflows: WorkflowName[];
    /** Branchless repositories have no protection. */
    readonly protected: boolean;
    /** Status check contexts branch protection requires, resolved from the check sets. */
    readonly requiredChecks: string[];
}

const DEFAULT_WORKFLOWS: Record<Repository["repository_type"], WorkflowName[]> = {
    openstack: [],
    ansible: ["lint-collection", "publish-collection"],
    "single-branch": [],
    docs: [],
    branchless: [],
};

/** Set algebra over workflow names, kept in one canonical order so generated plans are stable. */
function combine(base: string[], minus: string[], plus: string[]): WorkflowName[] {
    const set = new Set([...base.filter((w) => !minus.includes(w)), ...plus]);
    return WORKFLOW_NAMES.filter((w) => set.has(w));
}

export function releasesOf(repo: Repository): string[] {
    return [...new Set([...repo.synced_releases, ...repo.additional_releases])];
}

export function releaseBranch(m: Manifest, release: string): string {
    return `${m.release_branch_prefix}${release}`;
}

/** The upstream the Upstream Sync and Tag & Release workflows follow. */
export function upstreamOf(repo: Repository): string {
    return repo.workflow_args.upstream ?? `https://github.com/openstack/${repo.name}`;
}

function defaultBranchWorkflows(m: Manifest, repo: Repository): WorkflowName[] {
    const base =
        repo.repository_type === "openstack"
            ? m.openstack_workflows.default_branch
            : (repo.workflows ?? DEFAULT_WORKFLOWS[repo.repository_type]);
    const wfs = combine(
        base,
        repo.ignored_workflows.default_branch,
        repo.additional_workflows.default_branch,
    );
    // A scheduled sync with no series to sync would be a workflow with no jobs.
    return repo.synced_releases.length ? wfs : wfs.filter((w) => w !== "upstream-sync");
}

function releaseBranchWorkflows(m: Manifest, repo: Repository, release: string): WorkflowName[] {
    return combine(
        m.openstack_workflows.release_branches,
        [...repo.ignored_workflows.release_branches, ...(repo.per_release_ignored_workflows[release] ?? [])],
        repo.additional_workflows.release_branches,
    );
}

function contexts(m: Manifest, sets: string[], release: string | undefined): string[] {
    const out = sets.flatMap((s) => (s === "tox" ? toxChecks(release ?? "master") : (m.check_sets[s] ?? [])));
    return [...new Set(out)];
}

/**
 * Every branch of a repository that release-train manages, with its workflows and required
 * checks. A default branch that is itself a release branch gets both sets: the real-world rollout
 * skipped it and the workflow had to be added by hand (reference §4).
 */
export function managedBranches(m: Manifest, repo: Repository): ManagedBranch[] {
    const isProtected = repo.repository_type !== "branchless";
    const checks = repo.required_checks;
    const releaseByBranch = new Map(releasesOf(repo).map((r) => [releaseBranch(m, r), r]));
    const defaultRelease = releaseByBranch.get(repo.default_branch);
    const out: ManagedBranch[] = [
        {
            branch: repo.default_branch,
            isDefault: true,
            release: defaultRelease,
            workflows: defaultRelease
                ? combine(
                      [
                          ...defaultBranchWorkflows(m, repo),
                          ...releaseBranchWorkflows(m, repo, defaultRelease),
                      ],
                      [],
                      [],
                  )
                : defaultBranchWorkflows(m, repo),
            protected: isProtected,
            requiredChecks: contexts(
                m,
                [
                    ...(checks.default_branch ?? []),
                    ...(defaultRelease ? (checks[defaultRelease] ?? checks.release_branches ?? []) : []),
                ],
                defaultRelease,
            ),
        },
    ];
    for (const [branch, release] of releaseByBranch) {
        if (branch === repo.default_branch) continue;
        out.push({
            branch,
            isDefault: false,
            release,
            workflows: releaseBranchWorkflows(m, repo, release),
            protected: isProtected,
            requiredChecks: contexts(m, checks[release] ?? checks.release_branches ?? [], release),
        });
    }
    return out;
}

/** A file-system and resource-name safe form of a branch name (`stackhpc/2025.1` → `stackhpc-2025-1`). */
export function branchSlug(branch: string): string {
    return branch.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export const UPSTREAM_SYNC_LABELS = ["automated", "synchronisation"];

/**
 * Cross-checks that need the plan: a branch that requires the Tox checks but gets no Tox workflow
 * could never merge anything (the real-world fix was disabling checks by hand, reference §4).
 */
export function planProblems(m: Manifest, source = "manifest"): string[] {
    const problems: string[] = [];
    let syncs = false;
    for (const repo of m.repositories) {
        for (const b of managedBranches(m, repo)) {
            syncs ||= b.workflows.includes("upstream-sync");
            const needsTox = b.requiredChecks.some((c) => c.startsWith("Tox "));
            if (needsTox && !b.workflows.includes("tox"))
                problems.push(
                    `${source}: repositories.${repo.name}.required_checks: branch ${b.branch} requires the tox check set but gets no tox workflow: drop 'tox' for ${b.release ?? "default_branch"} or stop ignoring the workflow`,
                );
        }
    }
    // Upstream Sync labels its pull requests; `gh pr create` fails on a label the repository lacks.
    const labelProblems = (syncs ? UPSTREAM_SYNC_LABELS : [])
        .filter((label) => !(label in m.labels))
        .map(
            (label) =>
                `${source}: labels: '${label}' is missing: Upstream Sync labels its pull requests with it`,
        );
    return [...labelProblems, ...problems];
}
