import { upstreamOf } from "../../../model/githubPlan";
import { CHECKOUT, Workflow, WorkflowContext } from "./context";

// Tag = stackhpc/<latest upstream tag on this branch>.<n>; n restarts at 1 whenever the upstream
// tag moves. Not SemVer: it says which upstream release a downstream build is based on.
const SCRIPT = `set -euo pipefail
git fetch --quiet --tags "$UPSTREAM"
if git tag --points-at HEAD | grep -q "^$TAG_PREFIX"; then
  echo "HEAD is already tagged: nothing to release"
  exit 0
fi
base=$(git describe --tags --abbrev=0 --exclude "$TAG_PREFIX*" HEAD)
last=$(git tag --list "$TAG_PREFIX$base.*" | sed "s|^$TAG_PREFIX$base\\.||" | sort -n | tail -n 1)
tag="$TAG_PREFIX$base.$(( \${last:-0} + 1 ))"
previous=$(git describe --tags --abbrev=0 --match "$TAG_PREFIX*" HEAD 2>/dev/null || true)
git tag "$tag"
git push --quiet origin "refs/tags/$tag"
if [ -n "$previous" ]; then range="$previous..$tag"; else range="$tag"; fi
git log --no-merges --format='- %s (%h)' "$range" > notes.md
gh release create "$tag" --title "$tag" --notes-file notes.md --verify-tag
echo "released $tag"
`;

export function tagAndRelease(ctx: WorkflowContext): Workflow {
    return {
        name: "Tag & Release",
        on: { push: { branches: [ctx.branch.branch] } },
        permissions: { actions: "read", contents: "write" },
        concurrency: { group: "tag-and-release-${{ github.ref }}", "cancel-in-progress": false },
        jobs: {
            "tag-and-release": {
                "runs-on": "ubuntu-latest",
                steps: [
                    { uses: CHECKOUT, with: { "fetch-depth": 0 } },
                    {
                        name: "Tag and publish a release",
                        env: {
                            GH_TOKEN: "${{ secrets.GITHUB_TOKEN }}",
                            UPSTREAM: upstreamOf(ctx.repo),
                            TAG_PREFIX: ctx.manifest.release_branch_prefix,
                        },
                        run: SCRIPT,
                    },
                ],
            },
        },
    };
}
