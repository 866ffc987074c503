import * as crypto from "crypto";
import { contentGuardSpec } from "../../components/pulp/providers/contentGuard";
import { canonicalExtra, Inputs, KindSpec, Outputs } from "../../components/pulp/providers/crud";
import { distributionSpec } from "../../components/pulp/providers/distribution";
import { desired, secretDigest } from "../../components/pulp/providers/fields";
import { groupSpec } from "../../components/pulp/providers/group";
import { publicationSpec } from "../../components/pulp/providers/publication";
import { endpointFor } from "../../components/pulp/providers/plugins";
import { remoteSpec } from "../../components/pulp/providers/remote";
import { repositorySpec } from "../../components/pulp/providers/repository";
import {
    distributionBody,
    expected,
    publishes,
    SnapshotInputs,
    SnapshotOutputs,
} from "../../components/pulp/providers/snapshotState";
import { userSpec } from "../../components/pulp/providers/user";

type Settle = (inputs: Inputs) => Outputs;
const crud = (kind: string, spec: KindSpec) => ({ kind, settle: (i: Inputs) => settledOutputs(spec, i) });

/** Resource type (the last part of `pulumi-nodejs:dynamic/pulp:<Type>`) → its kind. */
export const KINDS: Record<string, { kind: string; settle: Settle }> = {
    Repository: crud("repository", repositorySpec),
    Remote: crud("remote", remoteSpec),
    Distribution: crud("distribution", distributionSpec),
    Publication: crud("publication", publicationSpec),
    ContentGuard: crud("contentGuard", contentGuardSpec),
    User: crud("user", userSpec),
    Group: crud("group", groupSpec),
    Snapshot: { kind: "snapshot", settle: (i) => settledSnapshot(i as SnapshotInputs) },
};

/** A snapshot whose publication and distribution Pulp holds as asked (providers/snapshot.ts create). */
function settledSnapshot(i: SnapshotInputs): Outputs {
    const pub = publishes(i.plugin)
        ? `/pulp/api/v3/${endpointFor("publications", i.plugin)}${crypto.randomUUID()}/`
        : null;
    const body = distributionBody(i, pub);
    const outs: SnapshotOutputs = {
        ...i,
        pulp_href: `/pulp/api/v3/${endpointFor("distributions", i.plugin)}${crypto.randomUUID()}/`,
        observed: expected(i.plugin, body),
        published: pub ? { href: pub, options: i.publication_options ?? {} } : null,
    };
    return outs as unknown as Outputs;
}

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
