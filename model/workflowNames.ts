/** Every workflow the project can render (components/github/workflows); the manifest names these. */
export const WORKFLOW_NAMES = [
    "upstream-sync",
    "tox",
    "tag-and-release",
    "lint-collection",
    "publish-collection",
    "publish-role",
] as const;

export type WorkflowName = (typeof WORKFLOW_NAMES)[number];
