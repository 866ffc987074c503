import { releaseBranch, UPSTREAM_SYNC_LABELS, upstreamOf } from "../../../model/githubPlan";
import { CHECKOUT, Workflow, WorkflowContext } from "./context";

// Scheduled workflows only run from the default branch, so this one file carries one job per
// synced series. It opens the pull request through the API so a conflicting sync still shows up
// as a pull request instead of failing silently.
const SCRIPT = `set -euo pipefail
upstream_branch="stable/$SERIES"
if [ "$SERIES" = master ]; then upstream_branch=master; fi
git remote add upstream "$UPSTREAM"
git fetch --quiet upstream "refs/heads/$upstream_branch"
upstream_sha=$(git rev-parse FETCH_HEAD)
if ! git ls-remote --exit-code --heads origin "$TARGET" >/dev/null; then
  echo "$TARGET does not exist yet: creating it at upstream $upstream_branch ($upstream_sha)"
  git push --quiet origin "$upstream_sha:refs/heads/$TARGET"
  exit 0
fi
git fetch --quiet origin "refs/heads/$TARGET"
ahead=$(git rev-list --count "FETCH_HEAD..$upstream_sha")
if [ "$ahead" -eq 0 ]; then
  echo "$TARGET is up to date with upstream $upstream_branch"
  exit 0
fi
head="upstream/$SERIES-$(date -u +%Y-%m-%d)"
git push --quiet --force origin "$upstream_sha:refs/heads/$head"
if [ -n "$(gh pr list --head "$head" --base "$TARGET" --state open --json number --jq '.[].number')" ]; then
  echo "a pull request from $head is already open"
  exit 0
fi
gh pr create --base "$TARGET" --head "$head" \\
  --title "Synchronise $SERIES with upstream" \\
  --body "$ahead upstream commit(s) from $UPSTREAM $upstream_branch. Opened by the Upstream Sync workflow (release-train)." \\
  --label "$LABELS"
`;

export function upstreamSync(ctx: WorkflowContext): Workflow {
    const jobs: Record<string, unknown> = {};
    for (const series of ctx.repo.synced_releases) {
        jobs[`synchronise-${series.replace(/\./g, "-")}`] = {
            name: `Synchronise ${series}`,
            "runs-on": "ubuntu-latest",
            steps: [
                { uses: CHECKOUT, with: { "fetch-depth": 0 } },
                {
                    name: `Synchronise ${releaseBranch(ctx.manifest, series)} with upstream`,
                    env: {
                        GH_TOKEN: "${{ secrets.GITHUB_TOKEN }}",
                        SERIES: series,
                        TARGET: releaseBranch(ctx.manifest, series),
                        UPSTREAM: upstreamOf(ctx.repo),
                        LABELS: UPSTREAM_SYNC_LABELS.join(","),
                    },
                    run: SCRIPT,
                },
            ],
        };
    }
    return {
        name: "Upstream Sync",
        on: { schedule: [{ cron: "15 6 * * 1" }], workflow_dispatch: {} },
        permissions: { contents: "write", "pull-requests": "write" },
        concurrency: { group: "upstream-sync", "cancel-in-progress": false },
        jobs,
    };
}
