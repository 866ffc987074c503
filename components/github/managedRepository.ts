import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Manifest, Repository } from "../../model/githubManifest";
import { branchSlug, managedBranches } from "../../model/githubPlan";
import { CODEOWNERS_PATH, renderCodeowners } from "./codeowners";
import { renderWorkflow, workflowPath } from "./workflows/render";

export interface ManagedRepositoryArgs {
    readonly manifest: Manifest;
    readonly repo: Repository;
    /** Team key → the team's resource, for permissions, push restrictions and CODEOWNERS. */
    readonly teams: Record<string, github.Team>;
}

/**
 * One repository of the organisation: its settings, team permissions, labels, branch protection
 * per managed branch, and the workflows and CODEOWNERS on every managed branch.
 */
export class ManagedRepository extends pulumi.ComponentResource {
    readonly repository: github.Repository;

    constructor(name: string, args: ManagedRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:github:Repository", name, {}, opts);
        const { manifest: m, repo, teams } = args;
        const child = { parent: this };

        this.repository = new github.Repository(
            `${name}-repository`,
            {
                name: repo.name,
                description: repo.description,
                visibility: repo.private ? "private" : "public",
                hasIssues: true,
                deleteBranchOnMerge: true,
                allowMergeCommit: true,
                allowSquashMerge: true,
                allowRebaseMerge: true,
                allowAutoMerge: true,
                // Never archive or delete: dropping a repository from the manifest only stops managing it.
                archiveOnDestroy: false,
            },
            {
                ...child,
                retainOnDelete: true,
                import: repo.adopt ? repo.name : undefined,
                // GitHub fills these in; the manifest does not own them.
                ignoreChanges: ["autoInit", "topics", "homepageUrl", "securityAndAnalysis", "pages"],
            },
        );
        const repoName = this.repository.name;

        const permissions: Record<string, string> = { ...m.organisation_permissions };
        permissions[repo.team] ??= m.owner_permission;
        for (const [teamKey, permission] of Object.entries(permissions)) {
            new github.TeamRepository(
                `${name}-access-${teamKey}`,
                { teamId: teams[teamKey].id, repository: repoName, permission },
                child,
            );
        }
        for (const [label, l] of Object.entries(m.labels)) {
            new github.IssueLabel(
                `${name}-label-${label}`,
                { repository: repoName, name: label, color: l.color, description: l.description },
                child,
            );
        }

        const codeowners = renderCodeowners(m, repo.codeowners ?? repo.team);
        const pushAllowances = m.protection.push_teams.map((k) => teams[k].nodeId);
        for (const b of managedBranches(m, repo)) {
            const slug = branchSlug(b.branch);
            if (b.protected) {
                new github.BranchProtection(
                    `${name}-protect-${slug}`,
                    {
                        repositoryId: this.repository.nodeId,
                        pattern: b.branch,
                        // Admins are not held to it: the workflow files below are committed straight
                        // to protected branches by the organisation's admin token.
                        enforceAdmins: false,
                        allowsDeletions: false,
                        allowsForcePushes: false,
                        requireConversationResolution: m.protection.require_conversation_resolution,
                        requiredPullRequestReviews: [
                            {
                                requiredApprovingReviewCount: m.protection.required_approving_reviews,
                                dismissStaleReviews: m.protection.dismiss_stale_reviews,
                                requireCodeOwnerReviews: m.protection.require_code_owner_reviews,
                            },
                        ],
                        requiredStatusChecks: b.requiredChecks.length
                            ? [{ strict: false, contexts: b.requiredChecks }]
                            : [],
                        restrictPushes: pushAllowances.length ? [{ pushAllowances }] : [],
                    },
                    child,
                );
            }
            const files: [string, string, string][] = b.workflows.map((w) => [
                `${name}-${slug}-${w}`,
                workflowPath(w),
                renderWorkflow(w, { manifest: m, repo, branch: b }),
            ]);
            files.push([`${name}-${slug}-codeowners`, CODEOWNERS_PATH, codeowners]);
            for (const [resourceName, file, content] of files) {
                new github.RepositoryFile(
                    resourceName,
                    {
                        repository: repoName,
                        branch: b.branch,
                        file,
                        content,
                        commitMessage: `chore: update ${file} (release-train)`,
                        commitAuthor: m.commit_author.name,
                        commitEmail: m.commit_author.email,
                        // The rollout bot wrote these files before: take them over rather than fail.
                        overwriteOnCreate: true,
                    },
                    child,
                );
            }
        }
        this.registerOutputs({});
    }
}
