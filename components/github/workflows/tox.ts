import { toxCheckName, toxMatrix } from "../../../model/toxMatrix";
import { CHECKOUT, Workflow, WorkflowContext } from "./context";

// The interpreter comes from the python:<version> image because hosted runners no longer offer
// the old versions that old release branches need.
const SCRIPT = `set -eu
apt-get update -qq
pip install --quiet bindep 'tox==3.*'
if [ -f bindep.txt ]; then
  # bindep exits 1 when packages are missing: that is the list to install, not an error.
  packages=$(bindep -b -f bindep.txt test || true)
  if [ -n "$packages" ]; then
    # shellcheck disable=SC2086 # one package per word
    apt-get install -y -qq $packages
  fi
fi
tox -e "$TOX_ENV"
`;

export function tox(ctx: WorkflowContext): Workflow {
    const matrix = toxMatrix(ctx.branch.release ?? "master");
    return {
        name: "Tox",
        on: { pull_request: {} },
        permissions: { contents: "read" },
        concurrency: { group: "tox-${{ github.head_ref || github.ref }}", "cancel-in-progress": true },
        jobs: {
            tox: {
                // This name is the check context branch protection requires (model/toxMatrix.ts).
                name: toxCheckName("${{ matrix.environment }}", "${{ matrix.python }}"),
                "runs-on": "ubuntu-latest",
                container: "python:${{ matrix.python }}",
                strategy: { "fail-fast": false, matrix: { include: matrix } },
                steps: [
                    { uses: CHECKOUT },
                    { name: "Run tox", env: { TOX_ENV: "${{ matrix.environment }}" }, run: SCRIPT },
                ],
            },
        },
    };
}
