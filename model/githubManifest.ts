import { z } from "zod";
import { ValidationError, zodProblems } from "./problems";
import { readYaml } from "./yamlFile";
import { WORKFLOW_NAMES } from "./workflowNames";

// The GitHub organisation manifest. Field names follow the real-world `source-repositories`
// and Terraform variables so entries can be copied over (reference §2.3, §2.4).

const name = z.string().regex(/^[A-Za-z0-9._-]+$/, "must be letters, digits, '.', '_' or '-'");
const login = z.string().regex(/^[A-Za-z0-9-]+$/, "must be a GitHub login");
const release = z
    .string()
    .regex(/^[a-z0-9.]+$/, 'must be a release series, e.g. "2025.1", "zed" or "master"');
const workflowList = z.array(z.string()).default([]);
const byBranchKind = z
    .object({ default_branch: workflowList, release_branches: workflowList })
    .strict()
    .default({ default_branch: [], release_branches: [] });

export const REPOSITORY_TYPES = ["openstack", "ansible", "single-branch", "docs", "branchless"] as const;
export type RepositoryType = (typeof REPOSITORY_TYPES)[number];

const repositorySchema = z
    .object({
        team: z.string({ error: "no owning team: add `team: <a key of teams>`" }),
        repository_type: z.enum(REPOSITORY_TYPES).default("openstack"),
        description: z.string().optional(),
        default_branch: z.string().default("master"),
        private: z.boolean().default(false),
        /** The repository exists on GitHub already: import it instead of creating it. */
        adopt: z.boolean().default(false),
        /** Release series whose `stackhpc/<series>` branch follows upstream (must be maintained). */
        synced_releases: z.array(release).optional(),
        /** Further release branches that get workflows and protection but no upstream sync. */
        additional_releases: z.array(release).default([]),
        /** Default-branch workflows of non-OpenStack repositories (e.g. lint-collection). */
        workflows: z.array(z.string()).optional(),
        ignored_workflows: byBranchKind,
        additional_workflows: byBranchKind,
        per_release_ignored_workflows: z.record(z.string(), z.array(z.string())).default({}),
        workflow_args: z
            .object({
                upstream: z
                    .string()
                    .regex(/^https:\/\/\S+$/, "must be an https:// git URL")
                    .optional(),
                lint_pip_dependencies: z.string().optional(),
            })
            .strict()
            .default({}),
        /** The team whose CODEOWNERS body goes on every managed branch (default: the owning team). */
        codeowners: z.string().optional(),
        /**
         * Check sets required by branch protection: `default_branch`, `release_branches` (each
         * release branch) or a release series (that branch only, replacing `release_branches`).
         */
        required_checks: z.record(z.string(), z.array(z.string())).default({}),
    })
    .strict();

const teamSchema = z
    .object({
        name: z.string().optional(),
        description: z.string().default(""),
        privacy: z.enum(["closed", "secret"]).default("closed"),
        maintainers: z.array(login).default([]),
        members: z.array(login).default([]),
    })
    .strict();

const manifestSchema = z
    .object({
        organisation: login,
        release_branch_prefix: z.string().default("stackhpc/"),
        maintained_releases: z.array(release).min(1),
        commit_author: z
            .object({
                name: z.string().min(1),
                email: z.string().regex(/^\S+@\S+$/, "must be an e-mail address"),
            })
            .strict(),
        /** Which workflows an OpenStack repository gets where, before per-repository changes. */
        openstack_workflows: byBranchKind,
        labels: z
            .record(
                name,
                z
                    .object({
                        color: z.string().regex(/^[0-9a-fA-F]{6}$/, "must be six hex digits, e.g. 'ededed'"),
                        description: z.string().default(""),
                    })
                    .strict(),
            )
            .default({}),
        teams: z.record(name, teamSchema),
        /** Team → permission on every managed repository (e.g. admins: admin, developers: push). */
        organisation_permissions: z
            .record(z.string(), z.enum(["pull", "triage", "push", "maintain", "admin"]))
            .default({}),
        /** The owning team's permission on its repositories. */
        owner_permission: z.enum(["pull", "triage", "push", "maintain", "admin"]).default("push"),
        protection: z
            .object({
                required_approving_reviews: z.number().int().min(0).max(6).default(1),
                dismiss_stale_reviews: z.boolean().default(true),
                require_code_owner_reviews: z.boolean().default(true),
                require_conversation_resolution: z.boolean().default(true),
                /** Teams allowed to push to protected branches (via merged pull requests). */
                push_teams: z.array(z.string()).default([]),
            })
            .strict()
            .default({
                required_approving_reviews: 1,
                dismiss_stale_reviews: true,
                require_code_owner_reviews: true,
                require_conversation_resolution: true,
                push_teams: [],
            }),
        /** Named lists of status check contexts; `tox` is built in (it follows the Tox workflow). */
        check_sets: z.record(name, z.array(z.string().min(1))).default({}),
        repositories: z.record(name, z.unknown()),
    })
    .strict();

export type Repository = z.infer<typeof repositorySchema> & { name: string; synced_releases: string[] };
export type Team = z.infer<typeof teamSchema> & { key: string; name: string; slug: string };
export type Manifest = Omit<z.infer<typeof manifestSchema>, "repositories" | "teams"> & {
    teams: Record<string, Team>;
    repositories: Repository[];
};

/** The check set whose contexts the generated Tox workflow reports on each release branch. */
export const BUILTIN_CHECK_SETS = ["tox"];

export function teamSlug(teamName: string): string {
    return teamName
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** Validates a parsed manifest; every problem names the entry and field, all reported at once. */
export function parseManifest(raw: unknown, source = "manifest"): Manifest {
    const top = manifestSchema.safeParse(raw);
    if (!top.success) {
        throw new ValidationError(
            `${source}: invalid GitHub manifest`,
            zodProblems(top.error.issues, { at: source }),
        );
    }
    const m = top.data;
    const problems: string[] = [];
    const teams: Record<string, Team> = {};
    for (const [key, t] of Object.entries(m.teams)) {
        const teamName = t.name ?? key;
        // GitHub refuses a team without members, and a team nobody maintains drifts.
        if (t.maintainers.length + t.members.length === 0)
            problems.push(`${source}: teams.${key}: has no maintainers or members: add at least one login`);
        teams[key] = { ...t, key, name: teamName, slug: teamSlug(teamName) };
    }
    const teamKeys = Object.keys(teams);
    const known = (k: string) => teamKeys.includes(k);
    const teamHint = `one of ${teamKeys.join(", ")}`;
    for (const k of Object.keys(m.organisation_permissions))
        if (!known(k))
            problems.push(`${source}: organisation_permissions: unknown team '${k}' (${teamHint})`);
    for (const k of m.protection.push_teams)
        if (!known(k)) problems.push(`${source}: protection.push_teams: unknown team '${k}' (${teamHint})`);
    const checkWorkflows = (where: string, names: string[]) => {
        for (const w of names)
            if (!(WORKFLOW_NAMES as readonly string[]).includes(w))
                problems.push(`${where}: unknown workflow '${w}' (known: ${WORKFLOW_NAMES.join(", ")})`);
    };
    checkWorkflows(`${source}: openstack_workflows.default_branch`, m.openstack_workflows.default_branch);
    checkWorkflows(`${source}: openstack_workflows.release_branches`, m.openstack_workflows.release_branches);
    const checkSets = [...BUILTIN_CHECK_SETS, ...Object.keys(m.check_sets)];
    for (const k of Object.keys(m.check_sets))
        if (BUILTIN_CHECK_SETS.includes(k))
            problems.push(
                `${source}: check_sets.${k}: '${k}' is built in (it follows the Tox workflow): rename it`,
            );

    const repositories: Repository[] = [];
    for (const [repoName, rawRepo] of Object.entries(m.repositories)) {
        const where = `${source}: repositories.${repoName}`;
        const r = repositorySchema.safeParse(rawRepo ?? {});
        if (!r.success) {
            problems.push(...zodProblems(r.error.issues, { at: source, path: ["repositories", repoName] }));
            continue;
        }
        const repo = r.data;
        if (!known(repo.team)) problems.push(`${where}.team: unknown team '${repo.team}' (${teamHint})`);
        if (repo.codeowners !== undefined && !known(repo.codeowners))
            problems.push(
                `${where}.codeowners: CODEOWNERS team '${repo.codeowners}' does not exist (${teamHint})`,
            );
        const openstack = repo.repository_type === "openstack";
        const synced = repo.synced_releases ?? (openstack ? m.maintained_releases : []);
        for (const s of synced)
            if (!m.maintained_releases.includes(s))
                problems.push(
                    `${where}.synced_releases: '${s}' is not maintained (maintained_releases: ${m.maintained_releases.join(", ")}): drop it or add it to additional_releases`,
                );
        if (!openstack) {
            for (const f of [
                "synced_releases",
                "additional_releases",
                "per_release_ignored_workflows",
            ] as const) {
                const v = repo[f];
                if (v !== undefined && (Array.isArray(v) ? v.length : Object.keys(v).length))
                    problems.push(
                        `${where}.${f}: only openstack repositories have release branches (repository_type is ${repo.repository_type})`,
                    );
            }
        } else if (repo.workflows !== undefined) {
            problems.push(
                `${where}.workflows: openstack repositories take openstack_workflows; use ignored_workflows / additional_workflows`,
            );
        }
        checkWorkflows(`${where}.workflows`, repo.workflows ?? []);
        for (const k of ["default_branch", "release_branches"] as const) {
            checkWorkflows(`${where}.ignored_workflows.${k}`, repo.ignored_workflows[k]);
            checkWorkflows(`${where}.additional_workflows.${k}`, repo.additional_workflows[k]);
        }
        const releases = [...synced, ...repo.additional_releases];
        for (const [rel, wfs] of Object.entries(repo.per_release_ignored_workflows)) {
            if (!releases.includes(rel))
                problems.push(
                    `${where}.per_release_ignored_workflows: '${rel}' is not one of this repository's releases (${releases.join(", ") || "none"})`,
                );
            checkWorkflows(`${where}.per_release_ignored_workflows.${rel}`, wfs);
        }
        for (const [branchKey, sets] of Object.entries(repo.required_checks)) {
            if (
                branchKey !== "default_branch" &&
                branchKey !== "release_branches" &&
                !releases.includes(branchKey)
            )
                problems.push(
                    `${where}.required_checks: '${branchKey}' is not default_branch, release_branches or one of this repository's releases`,
                );
            for (const s of sets)
                if (!checkSets.includes(s))
                    problems.push(
                        `${where}.required_checks.${branchKey}: unknown check set '${s}' (known: ${checkSets.join(", ")}): define it under check_sets`,
                    );
        }
        if (repo.repository_type === "branchless" && Object.keys(repo.required_checks).length)
            problems.push(`${where}.required_checks: branchless repositories have no branch protection`);
        repositories.push({ ...repo, name: repoName, synced_releases: synced });
    }
    if (problems.length)
        throw new ValidationError(`${source}: the GitHub manifest does not add up`, problems);
    return { ...m, teams, repositories };
}

export function loadManifest(file: string): Manifest {
    return parseManifest(readYaml(file), file);
}
