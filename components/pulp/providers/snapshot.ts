import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../client/connection";
import { PulpError } from "../client/errors";
import { PulpClient } from "../client/http";
import { clientFor, Inputs, Outputs, PulpObject, validate } from "./crud";
import { IMMUTABLE_LABEL, VERSION_LABEL } from "./distribution";
import { endpointFor, Plugin } from "./plugins";
import { publicationSpec } from "./publication";
import { PulpResource } from "./resource";
import {
    changedFields,
    current,
    distributionBody,
    expected,
    observe,
    patchBody,
    pendingChanges,
    publishes,
    Published,
    refusal,
    SnapshotInputs,
    SnapshotOutputs,
    snapshotSchema,
    unpackSnapshot,
} from "./snapshotState";

const what = (i: SnapshotInputs, doing: string) => `${doing} of snapshot '${i.name}'`;

/** The one href a create task made under `endpoint`, else a clear error. */
function createdHref(
    c: PulpClient,
    task: { created_resources?: string[] } | undefined,
    endpoint: string,
    doing: string,
): string {
    const prefix = c.url(endpoint);
    const made = task?.created_resources ?? [];
    const hit = made.find((h) => h.startsWith(prefix));
    if (!hit)
        throw new PulpError(
            `Pulp made nothing under ${prefix} ${doing} (task resources: ${made.join(", ") || "none"})`,
            "POST",
            endpoint,
        );
    return hit;
}

async function publish(c: PulpClient, i: SnapshotInputs, options: Record<string, unknown>): Promise<string> {
    // A verbatim deb publication has its own endpoint; the flag itself is not a field Pulp knows.
    const { verbatim, ...fields } = options;
    const endpoint = publicationSpec.endpoint({ plugin: i.plugin, verbatim } as never);
    const body = { ...fields, repository_version: i.repository_version };
    const doing = what(i, "publishing the repository version");
    const r = await c.write("POST", endpoint, body, doing);
    return createdHref(c, r.task, endpoint, doing);
}

async function createDistribution(c: PulpClient, i: SnapshotInputs, body: Record<string, unknown>) {
    const endpoint = endpointFor("distributions", i.plugin);
    const doing = what(i, "creating the distribution");
    // Null is Pulp's default for every field sent; container distributions refuse an explicit one.
    const given = Object.fromEntries(Object.entries(body).filter(([, v]) => v != null));
    const r = await c.write<PulpObject>("POST", endpoint, given, doing);
    return r.task ? createdHref(c, r.task, endpoint, doing) : r.data.pulp_href;
}

/**
 * One immutable snapshot: the publication of exactly one repository version and the distribution
 * that serves it, as one resource (a resource per Pulp object made prod-scale previews three times
 * slower). Promotion is one PATCH of the distribution; nothing is ever republished for it.
 */
export const snapshotProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, packed: Inputs) {
        const news = unpackSnapshot(packed);
        const failures = validate({ schema: snapshotSchema } as never, news);
        return failures.length ? { inputs: news, failures } : { inputs: news };
    },

    async diff(_id: string, olds: Outputs, news: SnapshotInputs) {
        const refused = refusal(current(olds), news);
        if (refused) throw new Error(refused);
        return { changes: pendingChanges(olds, news).length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(news: SnapshotInputs) {
        const c = clientFor(news.connection);
        const options = news.publication_options ?? {};
        const pub = publishes(news.plugin) ? await publish(c, news, options) : null;
        const body = distributionBody(news, pub);
        let href: string;
        try {
            href = await createDistribution(c, news, body);
        } catch (e) {
            // Nothing of a snapshot that failed to be created is left behind for nobody to manage.
            if (pub) await c.delete(pub).catch(() => undefined);
            throw e;
        }
        const outs: SnapshotOutputs = {
            ...news,
            pulp_href: href,
            observed: expected(news.plugin, body),
            published: pub ? { href: pub, options } : null,
        };
        return { id: href, outs };
    },

    async update(_id: string, raw: Outputs, news: SnapshotInputs) {
        const olds = current(raw);
        const c = clientFor(news.connection);
        let published: Published | null = publishes(news.plugin)
            ? (olds.published ?? { href: null, options: news.publication_options ?? {} })
            : null;
        // A publication deleted outside Pulumi comes back as it was first published.
        if (published && !published.href)
            published = { ...published, href: await publish(c, news, published.options) };
        const body = distributionBody(news, published?.href ?? null);
        let href = olds.pulp_href;
        let observed: Record<string, unknown>;
        if (olds.observed === null) {
            href = await createDistribution(c, news, body);
            observed = expected(news.plugin, body);
        } else {
            const changed = changedFields(news.plugin, body, olds.observed);
            if (changed.length) {
                const patch = patchBody(news.plugin, body, changed);
                await c.write("PATCH", href, patch, what(news, "updating the distribution"));
            }
            // What Pulp holds after a successful PATCH is what it held plus what we sent: no re-read.
            observed = { ...olds.observed, ...expected(news.plugin, body, changed) };
        }
        const outs: SnapshotOutputs = { ...news, pulp_href: href, observed, published };
        return { outs };
    },

    /** One GET per snapshot; the publication is looked at only when the distribution no longer serves it. */
    async read(id: string, raw: Outputs) {
        const o = current(raw);
        const c = clientFor(o.connection);
        const dist = await c.getOrUndefined<PulpObject>(o.pulp_href);
        let published = o.published;
        if (published?.href && dist?.publication !== published.href) {
            if (!(await c.getOrUndefined(published.href))) published = { ...published, href: null };
        }
        const outs: SnapshotOutputs = { ...o, observed: dist ? observe(o.plugin, dist) : null, published };
        return { id, props: outs };
    },

    async delete(_id: string, raw: Outputs) {
        const o = current(raw);
        const c = clientFor(o.connection);
        await c.delete(o.pulp_href, what(o, "deleting the distribution"));
        if (o.published?.href) await c.delete(o.published.href, what(o, "deleting the publication"));
    },
};

/**
 * Before a snapshot was one resource, its publication was a Publication resource of its own. Run
 * today's program on such a stack and the Snapshot takes the distribution over through an alias,
 * while the engine deletes the Publication resource, which would unpublish the snapshot. So a
 * Publication resource leaves a publication alone while an immutable snapshot distribution still
 * serves it: that snapshot owns it now (and deletes it with itself).
 */
export function leavesSnapshotPublications(
    p: pulumi.dynamic.ResourceProvider,
): pulumi.dynamic.ResourceProvider {
    return {
        ...p,
        async delete(id: string, props: Outputs) {
            if (await servedBySnapshot(clientFor(props.connection), id, props)) return;
            await p.delete?.(id, props);
        },
    };
}

async function servedBySnapshot(c: PulpClient, href: string, props: Outputs): Promise<boolean> {
    const version = /\/versions\/(\d+)\/$/.exec(String(props.repository_version ?? ""))?.[1];
    if (!version || !publishes(String(props.plugin))) return false;
    const serving = await c.list<{ publication?: string | null }>(
        endpointFor("distributions", props.plugin as Plugin),
        { pulp_label_select: `${IMMUTABLE_LABEL}=true,${VERSION_LABEL}=${version}`, fields: ["publication"] },
    );
    return serving.some((d) => d.publication === href);
}

export interface SnapshotArgs {
    readonly connection: pulumi.Input<PulpConnection>;
    readonly plugin: pulumi.Input<Plugin>;
    /** The repository version this snapshot is, forever: `<repository href>versions/<n>/`. */
    readonly repository_version?: pulumi.Input<string>;
    /**
     * Instead of `repository_version`: the repository's href and the version's number. The state
     * holds the composed `repository_version` either way; a program of many snapshots of one
     * repository then makes no Output per snapshot to compose it.
     */
    readonly repository?: pulumi.Input<string>;
    readonly version?: number;
    /** The distribution's name and base path. */
    readonly name: pulumi.Input<string>;
    readonly base_path: pulumi.Input<string>;
    readonly content_guard?: pulumi.Input<string | null>;
    /** Containers only: a private distribution is pulled only by those with a role on it or its namespace. */
    readonly private?: pulumi.Input<boolean>;
    readonly pulp_labels?: pulumi.Input<Record<string, string>>;
    /**
     * Plugin-specific fields of the publication (rpm `checksum_type`, deb `structured`, …); not for
     * containers. They apply when the snapshot is published: changing them later republishes nothing.
     */
    readonly publication_options?: pulumi.Input<Record<string, unknown>>;
}

/** One immutable snapshot of a repository version: its publication and distribution, one resource. */
export class Snapshot extends PulpResource {
    constructor(name: string, args: SnapshotArgs, opts?: pulumi.CustomResourceOptions) {
        const { connection, ...spec } = args;
        super("snapshot", "Snapshot", name, { connection, spec }, opts);
    }
}
