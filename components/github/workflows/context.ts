import { Manifest, Repository } from "../../../model/githubManifest";
import { ManagedBranch } from "../../../model/githubPlan";

/** What a workflow template may depend on: the manifest, the repository and the branch it lands on. */
export interface WorkflowContext {
    readonly manifest: Manifest;
    readonly repo: Repository;
    readonly branch: ManagedBranch;
}

/** A GitHub Actions workflow document, before it is serialised. */
export type Workflow = Record<string, unknown>;

// Pinned by major version: these are GitHub's own actions, and the generated files are reviewed
// through the preview diff whenever the pin moves.
export const CHECKOUT = "actions/checkout@v4";
export const SETUP_PYTHON = "actions/setup-python@v5";
