import { PulpError } from "../client/errors";
import { PulpClient } from "../client/http";

/** tag name → the href of the manifest it points at. */
export type TagMap = Map<string, string>;

/**
 * The repository version a container distribution serves (CI pushes to `N-dev/I`, and Pulp serves
 * the push repository's latest version there), or undefined when nothing is distributed there yet.
 */
export async function servedVersion(c: PulpClient, basePath: string): Promise<string | undefined> {
    const d = await c.findOne<{ repository?: string | null; repository_version?: string | null }>(
        "distributions/container/container/",
        { base_path: basePath, fields: ["repository", "repository_version"] },
    );
    if (d?.repository_version) return d.repository_version;
    if (!d?.repository) return undefined;
    const r = await c.get<{ latest_version_href: string | null }>(d.repository, {
        fields: ["latest_version_href"],
    });
    return r.latest_version_href ?? undefined;
}

export async function latestVersion(c: PulpClient, repository: string): Promise<string | undefined> {
    const r = await c.get<{ latest_version_href: string | null }>(repository, {
        fields: ["latest_version_href"],
    });
    return r.latest_version_href ?? undefined;
}

/** The given tags (all when `names` is undefined) in one repository version: one request per 500 names. */
export async function tagsIn(c: PulpClient, version: string | undefined, names?: string[]): Promise<TagMap> {
    const out: TagMap = new Map();
    if (!version) return out;
    const chunks = names ? chunk([...new Set(names)], 500) : [undefined];
    for (const part of chunks) {
        if (part && !part.length) continue;
        const tags = await c.list<{ name: string; tagged_manifest: string }>("content/container/tags/", {
            repository_version: version,
            name__in: part,
            fields: ["name", "tagged_manifest"],
        });
        for (const t of tags) out.set(t.name, t.tagged_manifest);
    }
    return out;
}

/** manifest href → digest, in one request per 500. */
export async function digestsOf(c: PulpClient, hrefs: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunk([...new Set(hrefs)], 500)) {
        if (!part.length) continue;
        const ms = await c.list<{ pulp_href: string; digest: string }>("content/container/manifests/", {
            pulp_href__in: part,
            fields: ["pulp_href", "digest"],
        });
        for (const m of ms) out.set(m.pulp_href, m.digest);
    }
    return out;
}

function chunk<T>(xs: T[], n: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
    return out.length ? out : [[]];
}

/** What promoting `tags` means, given what development and release hold now. */
export interface PromotionPlan {
    /** Pinned tags in neither repository: nothing to promote them from. */
    missing: string[];
    /** Pinned tags the release repository has on another manifest than development's. */
    moved: { tag: string; release: string; development: string }[];
    /** Pinned tags in development and not yet in release: what one tag copy adds. */
    toCopy: string[];
}

/**
 * A tag in release is never touched again, even when development's tag has since moved (that is
 * reported, not followed), and a tag development no longer has is fine once it is in release.
 */
export function planPromotion(tags: string[], dev: TagMap, release: TagMap): PromotionPlan {
    const plan: PromotionPlan = { missing: [], moved: [], toCopy: [] };
    for (const tag of [...new Set(tags)].sort()) {
        const d = dev.get(tag);
        const r = release.get(tag);
        if (!d && !r) plan.missing.push(tag);
        else if (!r) plan.toCopy.push(tag);
        else if (d && d !== r) plan.moved.push({ tag, release: r, development: d });
    }
    return plan;
}

/** The operator's message for a plan that cannot be carried out, or undefined. */
export async function planProblem(
    c: PulpClient,
    image: string,
    source: string,
    dev: TagMap,
    plan: PromotionPlan,
): Promise<string | undefined> {
    const problems: string[] = [];
    if (plan.missing.length) {
        const have = [...dev.keys()].sort();
        problems.push(
            `image ${image}: pinned tag(s) ${plan.missing.join(", ")} not in the development repository ${source} ` +
                `(${have.length ? `it has ${have.slice(0, 10).join(", ")}${have.length > 10 ? ", …" : ""}` : "nothing pushed there yet"}): ` +
                `push the tag from CI first, or pin a tag that exists`,
        );
    }
    if (plan.moved.length) {
        const digests = await digestsOf(
            c,
            plan.moved.flatMap((m) => [m.release, m.development]),
        );
        const d = (h: string) => digests.get(h) ?? h;
        for (const m of plan.moved)
            problems.push(
                `image ${image}: tag ${m.tag} was promoted as ${d(m.release)}, but ${source}:${m.tag} is now ` +
                    `${d(m.development)} (re-pushed after promotion): a promoted tag never moves; pin a new tag for the new build`,
            );
    }
    return problems.length ? problems.join("; ") : undefined;
}

export function copyFailed(e: unknown, image: string, target: string): unknown {
    if (!(e instanceof PulpError)) return e;
    return new PulpError(
        `promoting image ${image} into ${target} failed: ${e.message}`,
        e.method,
        e.href,
        e.status,
        e.fields,
        e.reason,
    );
}
