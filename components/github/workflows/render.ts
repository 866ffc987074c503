import YAML from "yaml";
import { WorkflowName } from "../../../model/workflowNames";
import { lintCollection, publishCollection, publishRole } from "./ansible";
import { Workflow, WorkflowContext } from "./context";
import { tagAndRelease } from "./tagAndRelease";
import { tox } from "./tox";
import { upstreamSync } from "./upstreamSync";

const TEMPLATES: Record<WorkflowName, (ctx: WorkflowContext) => Workflow> = {
    "upstream-sync": upstreamSync,
    tox,
    "tag-and-release": tagAndRelease,
    "lint-collection": lintCollection,
    "publish-collection": publishCollection,
    "publish-role": publishRole,
};

const HEADER =
    "# Managed by release-train (components/github/workflows). Changes made here are overwritten:\n" +
    "# change the template or the GitHub manifest instead.\n";

export function workflowPath(name: WorkflowName): string {
    return `.github/workflows/${name}.yml`;
}

/** The workflow file's text; deterministic, so an unchanged manifest gives an unchanged file. */
export function renderWorkflow(name: WorkflowName, ctx: WorkflowContext): string {
    return HEADER + YAML.stringify(TEMPLATES[name](ctx), { lineWidth: 0, aliasDuplicateObjects: false });
}
