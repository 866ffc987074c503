import { z } from "zod";

/**
 * A client's image tags, `containers:` in its pins file, a hierarchical map like Kolla's
 * `kolla_image_tags`:
 *
 *     containers:
 *       default: 2024.1-20261120        # every image not named below
 *       nova: 2024.1-20261122           # nova-api, nova-compute, … (a prefix, at a '-')
 *       nova-compute: 2024.1-20261125   # more specific: wins over `nova`
 *       ubuntu-keystone: 2024.1-20261119  # one distribution's image only
 *
 * A key names an image (or a prefix of its name at a '-' boundary) without its distribution, for
 * every distribution, or with it (`rocky-nova`, or `rocky` for all of one distribution). The most
 * specific key wins: the one naming more of the image; on a tie, the one naming the distribution.
 * An image no key covers (and no `default`) is not pinned: the client does not get it.
 */
export type ContainerTags = Record<string, string>;

export const DEFAULT_KEY = "default";
/** The OCI distribution spec's tag grammar. */
const OCI_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const containerTagsSchema = z
    .record(z.string(), z.unknown())
    // Checked by hand: zod reports a bad record key only as "Invalid key", and skips refinements of a
    // record with a bad value, so one file's problems would come out in rounds.
    .superRefine((tags, ctx) => {
        for (const [k, v] of Object.entries(tags)) {
            const problem = keyProblem(k) ?? tagProblem(v);
            if (problem) ctx.addIssue({ code: "custom", path: [k], message: problem });
        }
    })
    .transform((tags) => tags as ContainerTags)
    .default({});

function keyProblem(k: string): string | undefined {
    if (KEY.test(k)) return undefined;
    return k.includes("_")
        ? `'${k}' is not an image name: write it with '-' as the container catalogue does (kolla_image_tags' nova_compute is nova-compute here)`
        : `'${k}' is not an image name: use lower-case letters, digits and '-' (e.g. nova-compute, rocky-keystone) or 'default'`;
}

function tagProblem(v: unknown): string | undefined {
    if (typeof v !== "string") return "must be a tag (a string; quote tags YAML would read as a number)";
    if (!OCI_TAG.test(v))
        return `'${v}' is not a valid OCI tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'`;
    return undefined;
}
