import * as crypto from "crypto";
import { contentGuardSpec } from "../../components/pulp/providers/contentGuard";
import { canonicalExtra, Inputs, KindSpec, Outputs } from "../../components/pulp/providers/crud";
import { distributionSpec } from "../../components/pulp/providers/distribution";
import { desired, secretDigest } from "../../components/pulp/providers/fields";
import { groupSpec } from "../../components/pulp/providers/group";
import { publicationSpec } from "../../components/pulp/providers/publication";
import { remoteSpec } from "../../components/pulp/providers/remote";
import { repositorySpec } from "../../components/pulp/providers/repository";
import { userSpec } from "../../components/pulp/providers/user";

/** Resource type (the last part of `pulumi-nodejs:dynamic/pulp:<Type>`) → its kind. */
export const KINDS: Record<string, { kind: string; spec: KindSpec }> = {
    Repository: { kind: "repository", spec: repositorySpec },
    Remote: { kind: "remote", spec: remoteSpec },
    Distribution: { kind: "distribution", spec: distributionSpec },
    Publication: { kind: "publication", spec: publicationSpec },
    ContentGuard: { kind: "contentGuard", spec: contentGuardSpec },
    User: { kind: "user", spec: userSpec },
    Group: { kind: "group", spec: groupSpec },
};

/**
 * The outputs a Pulp provider stores once Pulp holds exactly what the (checked) inputs ask for:
 * what a converged stack's state says, so the next preview finds nothing to change. A no-op
 * preview of a state built from these proves they match the providers (the benchmark asserts it).
 */
export function settledOutputs(spec: KindSpec, inputs: Inputs): Outputs {
    const fields = spec.fields(inputs);
    const observed: Record<string, unknown> = {};
    const digests: Record<string, string> = {};
    const plain: Record<string, unknown> = { ...inputs };
    for (const [f, s] of Object.entries(fields)) {
        if (s.writeOnly) {
            const v = inputs[f];
            if (typeof v === "string" && v !== "") digests[f] = secretDigest(v);
            delete plain[f];
            continue;
        }
        const d = desired(s, inputs[f]);
        if (d !== undefined) observed[f] = d;
    }
    for (const k of spec.extraKeys ?? []) {
        if (inputs[k] !== undefined) observed[k] = canonicalExtra(inputs[k]);
    }
    const pulp_href = `/pulp/api/v3/${spec.endpoint(inputs)}${crypto.randomUUID()}/`;
    return { ...plain, pulp_href, observed, secret_digests: digests } as Outputs;
}
