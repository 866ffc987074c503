import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { CatalogueEntry, CONTAINER_CATALOGUE_FILE } from "./catalogue";
import { ValidationError, zodProblems } from "./problems";
import { REGISTRY_COMPONENT } from "./registryName";
import { readYaml } from "./yamlFile";

const component = (what: string) =>
    z
        .string({ error: `${what} must be a string` })
        .regex(
            REGISTRY_COMPONENT,
            `${what} must be lower-case letters and digits, joined by '.', '_' or '-' (a registry name component)`,
        );

const schema = z
    .object({
        containers: z
            .object({
                namespace: component("the namespace"),
                distributions: z.array(component("a distribution")).min(1, "list at least one distribution"),
                images: z.array(component("an image")).min(1, "list at least one image"),
                exclude: z.record(z.string(), z.array(z.string())).default({}),
            })
            .strict(),
    })
    .strict();

export interface ContainerCatalogue {
    /** The release namespace `N`: clients pull `N/<image>`. */
    readonly namespace: string;
    /** The development namespace `N-dev` CI pushes to. */
    readonly devNamespace: string;
    /** Full image names `<distribution>-<image>`, for every pair not excluded, distributions first. */
    readonly images: string[];
    /** The base distributions, to split an image name into distribution and image. */
    readonly distributions: readonly string[];
}

/** An image name split into its base distribution and the image built on it. */
export function splitImageName(
    full: string,
    distributions?: readonly string[],
): { distribution: string; image: string } {
    const d = [...(distributions ?? [])]
        .sort((a, b) => b.length - a.length)
        .find((x) => full.startsWith(`${x}-`));
    const distribution = d ?? full.split("-")[0];
    return { distribution, image: full.slice(distribution.length + 1) };
}

/** Longest base path Pulp's registry accepts. */
const MAX_PATH = 255;

export function containerCatalogueFile(dir: string): string {
    return path.join(dir, CONTAINER_CATALOGUE_FILE);
}

/** Whether a catalogue directory has a container catalogue (it is optional). */
export function hasContainerCatalogue(dir: string): boolean {
    return fs.existsSync(containerCatalogueFile(dir));
}

/** Loads and validates `<dir>/containers.yaml`; every problem names the file, the field and the fix. */
export function loadContainerCatalogue(dir: string): ContainerCatalogue {
    const file = containerCatalogueFile(dir);
    const r = schema.safeParse(readYaml(file));
    if (!r.success)
        throw new ValidationError(
            `invalid container catalogue ${file}`,
            zodProblems(r.error.issues, { at: file }),
        );
    const c = r.data.containers;
    const problems: string[] = [];
    const at = (field: string) => `${file}: containers.${field}`;
    for (const [field, list] of [
        ["distributions", c.distributions],
        ["images", c.images],
    ] as const) {
        const seen = new Set<string>();
        for (const v of list) {
            if (seen.has(v)) problems.push(`${at(field)}: '${v}' is listed twice: remove one`);
            seen.add(v);
        }
    }
    for (const [dist, excluded] of Object.entries(c.exclude)) {
        if (!c.distributions.includes(dist)) {
            problems.push(
                `${at(`exclude.${dist}`)}: '${dist}' is not one of distributions (${c.distributions.join(", ")}): fix the name or add it there`,
            );
        }
        for (const image of excluded) {
            if (!c.images.includes(image))
                problems.push(
                    `${at(`exclude.${dist}`)}: '${image}' is not one of images: fix the name or remove it`,
                );
        }
    }
    const images: string[] = [];
    const from = new Map<string, string>();
    for (const dist of new Set(c.distributions)) {
        for (const image of new Set(c.images)) {
            if (c.exclude[dist]?.includes(image)) continue;
            const full = `${dist}-${image}`;
            const prev = from.get(full);
            if (prev) {
                problems.push(
                    `${at("images")}: image name '${full}' comes from both ${prev} and ${dist} + ${image}: rename one`,
                );
                continue;
            }
            from.set(full, `${dist} + ${image}`);
            images.push(full);
            const longest = `${c.namespace}-dev/${full}`;
            if (longest.length > MAX_PATH)
                problems.push(
                    `${at("images")}: '${longest}' is longer than ${MAX_PATH} characters, the registry's limit: shorten the namespace or image`,
                );
        }
    }
    if (images.length === 0 && problems.length === 0)
        problems.push(
            `${at("exclude")}: every image is excluded for every distribution: nothing would be built`,
        );
    if (problems.length) throw new ValidationError(`invalid container catalogue ${file}`, problems);
    return {
        namespace: c.namespace,
        devNamespace: `${c.namespace}-dev`,
        images,
        distributions: [...new Set(c.distributions)],
    };
}

/**
 * The image namespaces belong to the container catalogue alone: a synced container entry whose
 * snapshots would land in one would get the image roles (CI could push beside its snapshots).
 */
export function containerCatalogueProblems(c: ContainerCatalogue, entries: CatalogueEntry[]): string[] {
    return entries
        .filter((e) => e.type === "container")
        .filter((e) => [c.namespace, c.devNamespace].includes(e.base_path.split("/")[0]))
        .map(
            (e) =>
                `${e.source}: base_path '${e.base_path}' lies in the image namespace '${e.base_path.split("/")[0]}' of ${CONTAINER_CATALOGUE_FILE}: move it to another first path component`,
        );
}
