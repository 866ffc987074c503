import * as pulumi from "@pulumi/pulumi";
import pLimit from "p-limit";
import { z } from "zod";
import { PulpClient } from "../client/http";
import { connectionIdentity } from "./clients";
import {
    copyFailed,
    digestsOf,
    latestVersion,
    planPromotion,
    planProblem,
    servedVersion,
    tagsIn,
} from "./containerTags";
import { containerIndex } from "./containerIndex";
import { clientFor, Inputs, Outputs, validate } from "./crud";
import { isUnknown, same } from "./fields";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

const OCI_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const schema = z
    .object({
        connection: s.connection,
        /** The image name, e.g. rocky-keystone: how messages name it. */
        image: z.string().min(1, "must be set"),
        /** Base path of the development distribution CI pushes to, e.g. kolla-dev/rocky-keystone. */
        source: s.basePath,
        /** Href of the release repository (a container/container repository). */
        target: s.href,
        tags: z
            .array(z.string().regex(OCI_TAG, "must be valid OCI tags"))
            .min(1, "must list at least one tag (an image no client pins needs no promotion)"),
    })
    .strict();

type PromotionInputs = Inputs & { image: string; source: string; target: string; tags: string[] };
type PromotionOutputs = PromotionInputs & { pulp_href: string; promoted: Record<string, string> };

/**
 * Tag copies in flight per Pulp server. Each is one task holding its release repository: more than
 * Pulp has workers only queues, and an unbounded engine (--parallel) would queue hundreds at once.
 */
const COPIES_IN_FLIGHT = 8;
const limits = new WeakMap<PulpClient, ReturnType<typeof pLimit>>();
const limitFor = (c: PulpClient) => {
    let l = limits.get(c);
    if (!l) limits.set(c, (l = pLimit(COPIES_IN_FLIGHT)));
    return l;
};

/** Reads both sides, refuses what cannot be done, and copies what is missing with one tag copy. */
async function promote(i: PromotionInputs): Promise<PromotionOutputs> {
    const c = clientFor(i.connection);
    const [[devVersion, dev], release] = await Promise.all([
        servedVersion(c, i.source).then(async (v) => [v, await tagsIn(c, v, i.tags)] as const),
        latestVersion(c, i.target).then((v) => tagsIn(c, v, i.tags)),
    ]);
    const plan = planPromotion(i.tags, dev, release);
    const problem = await planProblem(c, i.image, i.source, dev, plan);
    if (problem) throw new Error(problem);
    if (plan.toCopy.length) {
        // From the version just read, so exactly the manifests checked above are copied (CI may push meanwhile).
        const body = { source_repository_version: devVersion, names: plan.toCopy };
        await limitFor(c)(() =>
            c
                .write("POST", `${i.target}copy_tags/`, body, `promoting ${i.image}:${plan.toCopy.join(",")}`)
                .catch((e) => Promise.reject(copyFailed(e, i.image, i.target))),
        );
        for (const t of plan.toCopy) release.set(t, dev.get(t)!);
    }
    return { ...i, pulp_href: i.target, promoted: await digestsByTag(c, release, i.tags) };
}

async function digestsByTag(c: PulpClient, tags: Map<string, string>, names: string[]) {
    const present = names.filter((n) => tags.has(n));
    const digests = await digestsOf(
        c,
        present.map((n) => tags.get(n)!),
    );
    return Object.fromEntries(present.sort().map((n) => [n, digests.get(tags.get(n)!) ?? tags.get(n)!]));
}

/**
 * Promotion of one image's pinned tags from its development repository to its release repository,
 * with pulp_container's tag copy (the manifests and blobs are added by reference; nothing is
 * uploaded again). A tag in release is never moved: a tag re-pushed to development with other
 * content fails the preview, naming both digests. Tags no longer pinned stay in release (a client
 * may still pull them; nothing disappears under a site), and deleting this resource removes nothing.
 */
export const containerTagPromotionProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        const failures = validate({ schema } as never, news);
        if (failures.length) return { inputs: news, failures };
        const i = news as PromotionInputs;
        if (isUnknown(i.connection) || isUnknown(i.source) || isUnknown(i.tags)) return { inputs: news };
        // The preview fails here, before anything changes, for a tag that cannot be promoted.
        const c = clientFor(i.connection);
        const index = await containerIndex(c);
        const [dev, release] = await Promise.all([
            tagsIn(c, index.served.get(i.source), i.tags),
            isUnknown(i.target) ? new Map<string, string>() : tagsIn(c, index.latest.get(i.target), i.tags),
        ]);
        const problem = await planProblem(c, i.image, i.source, dev, planPromotion(i.tags, dev, release));
        return problem
            ? { inputs: news, failures: [{ property: "tags", reason: problem }] }
            : { inputs: news };
    },

    async diff(_id: string, olds: PromotionOutputs, news: PromotionInputs) {
        const replaces = same(olds.target, news.target) ? [] : ["target"];
        const unpromoted = news.tags.some((t) => !(t in (olds.promoted ?? {})));
        const moved =
            connectionIdentity(olds.connection) !== connectionIdentity(news.connection) ||
            olds.source !== news.source ||
            olds.image !== news.image ||
            !same([...olds.tags].sort(), [...news.tags].sort());
        return { changes: replaces.length > 0 || unpromoted || moved, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const outs = await promote(inputs as PromotionInputs);
        return { id: outs.pulp_href, outs };
    },

    async update(_id: string, _olds: Outputs, news: Inputs) {
        return { outs: await promote(news as PromotionInputs) };
    },

    /** The release repository's pinned tags as they are: a tag removed outside Pulumi is promoted again. */
    async read(id: string, props: Outputs) {
        const p = props as unknown as PromotionOutputs;
        const c = clientFor(p.connection);
        const repo = await c.getOrUndefined<{ latest_version_href: string | null }>(p.target, {
            fields: ["latest_version_href"],
        });
        if (!repo) return { id: "", props: {} };
        const tags = await tagsIn(c, repo.latest_version_href ?? undefined, p.tags);
        return { id, props: { ...p, promoted: await digestsByTag(c, tags, p.tags) } };
    },

    async delete() {
        // Promoted tags stay: a client may still pull them. Removing images from release is not promotion's job.
    },
};

export interface ContainerTagPromotionArgs extends Omit<PulpResourceArgs, "adopt"> {
    /** Image name (e.g. rocky-keystone), for messages. */
    readonly image: pulumi.Input<string>;
    /** Base path of the development distribution, `<namespace>-dev/<image>`. */
    readonly source: pulumi.Input<string>;
    /** Href of the release repository `<namespace>/<image>`. */
    readonly target: pulumi.Input<string>;
    /** Every tag some client pins for this image (model/containerPins.ts promotedImageTags). */
    readonly tags: pulumi.Input<pulumi.Input<string>[]>;
}

/** One image's pinned tags, promoted; `promoted` is tag → manifest digest in the release repository. */
export class ContainerTagPromotion extends PulpResource {
    declare readonly promoted: pulumi.Output<Record<string, string>>;
    constructor(name: string, args: ContainerTagPromotionArgs, opts?: pulumi.CustomResourceOptions) {
        super("containerTagPromotion", "ContainerTagPromotion", name, { ...args }, opts, ["promoted"]);
    }
}
