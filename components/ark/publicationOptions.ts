import { CatalogueEntry } from "../../model/catalogue";
import { PublicationArgs } from "../pulp/providers/publication";

/** The plugin-specific fields of a snapshot's publication (everything but connection and version). */
export type PublicationOptions = Pick<PublicationArgs, "simple" | "structured" | "verbatim">;

/**
 * How a catalogue entry's snapshots are published. deb follows the entry's `mode` (the real-world
 * catalogue's field): `structured` by default (Pulp writes the Release files, unsigned unless Ark
 * has a signing service), `simple` / `simple_and_structured` add the flat `default/all` layout,
 * and `verbatim` serves upstream's own Release files so apt checks upstream's signature.
 */
export function publicationOptions(e: Pick<CatalogueEntry, "type" | "mode">): PublicationOptions {
    if (e.type !== "deb") return {};
    switch (e.mode ?? "structured") {
        case "verbatim":
            return { verbatim: true };
        case "simple":
            return { simple: true, structured: false };
        case "simple_and_structured":
            return { simple: true, structured: true };
        default:
            return { simple: false, structured: true };
    }
}
