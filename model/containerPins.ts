import { ContainerCatalogue, splitImageName } from "./containerCatalogue";
import { ContainerTags, DEFAULT_KEY } from "./containerTags";
import type { ClientPins } from "./pins";

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
