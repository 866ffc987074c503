import { CHECKOUT, SETUP_PYTHON, Workflow, WorkflowContext } from "./context";

const ANSIBLE_VERSIONS = ["2.16", "2.17", "2.18"];

export function lintCollection(ctx: WorkflowContext): Workflow {
    const pipDeps = ctx.repo.workflow_args.lint_pip_dependencies;
    return {
        name: "Lint collection",
        on: { pull_request: {} },
        permissions: { contents: "read" },
        jobs: {
            lint: {
                name: "Lint with ansible-core ${{ matrix.ansible }}",
                "runs-on": "ubuntu-latest",
                strategy: { "fail-fast": false, matrix: { ansible: ANSIBLE_VERSIONS } },
                steps: [
                    {
                        uses: CHECKOUT,
                        with: { path: "ansible_collections/${{ github.event.repository.name }}" },
                    },
                    { uses: SETUP_PYTHON, with: { "python-version": "3.12" } },
                    {
                        name: "Install ansible-core and ansible-lint",
                        env: { ANSIBLE_VERSION: "${{ matrix.ansible }}", PIP_DEPENDENCIES: pipDeps ?? "" },
                        run: [
                            'pip install "ansible-core==$ANSIBLE_VERSION.*" ansible-lint',
                            'if [ -n "$PIP_DEPENDENCIES" ]; then pip install "$PIP_DEPENDENCIES"; fi',
                        ].join("\n"),
                    },
                    {
                        name: "ansible-lint",
                        "working-directory": "ansible_collections/${{ github.event.repository.name }}",
                        run: "ansible-lint",
                    },
                    {
                        name: "ansible-test sanity",
                        "working-directory": "ansible_collections/${{ github.event.repository.name }}",
                        run: "ansible-test sanity --python 3.12",
                    },
                ],
            },
        },
    };
}

function publish(what: "collection" | "role"): Workflow {
    const run =
        what === "collection"
            ? 'ansible-galaxy collection build\nansible-galaxy collection publish ./*.tar.gz --api-key "$GALAXY_API_KEY"'
            : 'ansible-galaxy role import --api-key "$GALAXY_API_KEY" "$OWNER" "$REPOSITORY"';
    return {
        name: `Publish ${what}`,
        on: { push: { tags: ["v?[0-9]+.[0-9]+.[0-9]+"] }, workflow_dispatch: {} },
        permissions: { contents: "read" },
        jobs: {
            publish: {
                "runs-on": "ubuntu-latest",
                steps: [
                    { uses: CHECKOUT },
                    { uses: SETUP_PYTHON, with: { "python-version": "3.12" } },
                    { name: "Install ansible-core", run: "pip install ansible-core" },
                    {
                        name: `Publish the ${what} to Ansible Galaxy`,
                        env: {
                            GALAXY_API_KEY: "${{ secrets.GALAXY_API_KEY }}",
                            OWNER: "${{ github.repository_owner }}",
                            REPOSITORY: "${{ github.event.repository.name }}",
                        },
                        run,
                    },
                ],
            },
        },
    };
}

export const publishCollection = (): Workflow => publish("collection");
export const publishRole = (): Workflow => publish("role");
