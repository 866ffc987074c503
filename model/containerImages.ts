/**
 * What promotion needs of the container catalogue (model/containerCatalogue.ts loads it): the
 * release namespace, the development one CI pushes to, and every image name `<distribution>-<image>`.
 */
export interface ContainerCatalogue {
    readonly namespace: string;
    readonly devNamespace: string;
    readonly images: string[];
    /** The base distributions, to split an image name; without them the first `-` segment is its distribution. */
    readonly distributions?: readonly string[];
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
