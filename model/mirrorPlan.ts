import { CatalogueEntry } from "./catalogue";
import { ClientPins } from "./pins";

/** Content types a site's mirror syncs from Ark's snapshot paths. */
export const MIRRORED_TYPES = ["rpm", "deb", "file"] as const;
export type MirroredType = (typeof MIRRORED_TYPES)[number];

/** One repository of a client site's mirror: which Ark snapshots it holds and serves. */
export interface MirroredRepository {
    readonly entry: CatalogueEntry & { type: MirroredType };
    /** The snapshot the site's `development` distribution serves (the client's pin). */
    readonly development?: string;
    /** The snapshot the site's `production` distribution serves (moved when the site promotes). */
    readonly production?: string;
    /** Every snapshot id the mirror must hold: development and production, once each, in order. */
    readonly snapshots: string[];
}

export interface MirrorPlan {
    readonly repositories: MirroredRepository[];
    readonly problems: string[];
}

/**
 * What one client's mirror holds, from the same pins file Ark releases by: one source of truth.
 * Problems name the pins file, the entry and the fix; nothing is declared while there are any.
 */
export function mirrorPlan(
    client: string,
    pins: ClientPins[],
    catalogue: CatalogueEntry[],
    pinsDir: string,
    /** How many container images the client pins: a site that mirrors only images pins no repository. */
    pinnedImages = 0,
): MirrorPlan {
    const mine = pins.find((p) => p.client === client);
    if (!mine) {
        const known = pins.map((p) => p.client);
        return {
            repositories: [],
            problems: [
                `client '${client}' has no pins file: add ${pinsDir}/${client}.yaml ({repositories: {<short_name>: <snapshot id>}})` +
                    (known.length ? ` or set release-train:client to one of ${known.join(", ")}` : ""),
            ],
        };
    }
    const problems: string[] = [];
    const repositories: MirroredRepository[] = [];
    const shorts = [...new Set([...Object.keys(mine.repositories), ...Object.keys(mine.production)])].sort();
    for (const short of shorts) {
        const entry = catalogue.find((e) => e.short_name === short);
        if (!entry) {
            problems.push(
                `${mine.file}: ${short} is not in the catalogue: fix the short_name or add the entry`,
            );
            continue;
        }
        if (!(MIRRORED_TYPES as readonly string[]).includes(entry.type)) {
            problems.push(
                `${mine.file}: ${short} is a ${entry.type} repository: a site's mirror syncs ${MIRRORED_TYPES.join(", ")} snapshots; remove the pin`,
            );
            continue;
        }
        if (!entry.publish) {
            problems.push(`${mine.file}: ${short} is not published on Ark (publish: false): remove the pin`);
            continue;
        }
        const development = mine.repositories[short];
        const production = mine.production[short];
        repositories.push({
            entry: entry as MirroredRepository["entry"],
            development,
            production,
            snapshots: [...new Set([development, production].filter((x): x is string => !!x))].sort(),
        });
    }
    if (!repositories.length && !pinnedImages && !problems.length)
        problems.push(`${mine.file}: pins nothing: add {repositories: {<short_name>: <snapshot id>}}`);
    return { repositories, problems };
}
