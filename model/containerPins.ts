import { z } from "zod";
import { ContainerCatalogue, splitImageName } from "./containerCatalogue";
import type { ClientPins } from "./pins";

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

/** How specific `key` is for image `full`: [image segments named, names the distribution]; undefined if it does not apply. */
function rank(key: string, full: string, distributions?: readonly string[]): [number, number] | undefined {
    if (key === DEFAULT_KEY) return [-1, 0];
    const { distribution, image } = splitImageName(full, distributions);
    const covers = (name: string, k: string) => name === k || name.startsWith(`${k}-`);
    const segments = (s: string) => (s ? s.split("-").length : 0);
    const ranks: [number, number][] = [];
    if (covers(image, key)) ranks.push([segments(key), 0]);
    if (covers(full, key) && covers(key, distribution))
        ranks.push([segments(key) - segments(distribution), 1]);
    return ranks.sort((a, b) => b[0] - a[0] || b[1] - a[1])[0];
}

function tagFor(tags: ContainerTags, full: string, distributions?: readonly string[]): string | undefined {
    let best: [number, number] | undefined;
    let tag: string | undefined;
    for (const [key, t] of Object.entries(tags)) {
        const r = rank(key, full, distributions);
        if (r && (!best || r[0] > best[0] || (r[0] === best[0] && r[1] > best[1]))) [best, tag] = [r, t];
    }
    return tag;
}

/** Image name → the tag this client pulls, for every catalogue image its pins cover. */
export function clientImageTags(pins: ClientPins, catalogue: ContainerCatalogue): Record<string, string> {
    const out: Record<string, string> = {};
    for (const image of catalogue.images) {
        const tag = tagFor(pins.containers ?? {}, image, catalogue.distributions);
        if (tag !== undefined) out[image] = tag;
    }
    return out;
}

/** Image name → every tag some client pins (sorted): exactly what must exist in the release namespace. */
export function promotedImageTags(
    all: ClientPins[],
    catalogue: ContainerCatalogue,
): Record<string, string[]> {
    const sets: Record<string, Set<string>> = {};
    for (const p of all)
        for (const [image, tag] of Object.entries(clientImageTags(p, catalogue)))
            (sets[image] ??= new Set()).add(tag);
    return Object.fromEntries(
        Object.keys(sets)
            .sort()
            .map((i) => [i, [...sets[i]].sort()]),
    );
}

/** Keys of `containers:` that cover no catalogue image: a typo would otherwise pin nothing, silently. */
export function containerPinProblems(all: ClientPins[], catalogue: ContainerCatalogue): string[] {
    const problems: string[] = [];
    for (const p of all) {
        for (const key of Object.keys(p.containers ?? {})) {
            if (key === DEFAULT_KEY) continue;
            if (catalogue.images.some((i) => rank(key, i, catalogue.distributions))) continue;
            const near = catalogue.images.filter((i) => i.includes(key.split("-")[0])).slice(0, 3);
            problems.push(
                `${p.file}: containers.${key}: no image of the container catalogue is named ${key} or starts with ${key}- ` +
                    `(with or without its distribution): fix the name, add the image to the catalogue, or remove the key` +
                    (near.length ? ` (similar: ${near.join(", ")})` : ""),
            );
        }
    }
    return problems;
}

/** Pins that name images while the catalogue has none: they would promote nothing, silently. */
export function containersWithoutCatalogue(all: ClientPins[], catalogueDir: string): string[] {
    return all
        .filter((p) => Object.keys(p.containers ?? {}).length)
        .map(
            (p) =>
                `${p.file}: containers: pins image tags, but ${catalogueDir} has no containers.yaml: add the container catalogue or remove the key`,
        );
}
