import { SiteContainers } from "../components/client/localMirror";
import { hasContainerCatalogue, loadContainerCatalogue } from "../model/containerCatalogue";
import { clientImageTags, containerPinProblems, containersWithoutCatalogue } from "../model/containerPins";
import { ClientPins } from "../model/pins";

// The registry's own grammar (distribution spec): a path component, and a tag.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * Problems with the container images a client site mirrors, each naming the image and the fix, before
 * anything is declared. The map comes from `clientImageTags(pins, catalogue)` (model/containerPins.ts);
 * `what` says where it came from (the pins file), so the message points at the file to edit.
 */
export function siteContainerProblems(what: string, c: SiteContainers): string[] {
    const p: string[] = [];
    if (!COMPONENT.test(c.namespace))
        p.push(
            `${what}: namespace '${c.namespace}' must be lower-case letters and digits, separated by '.', '_' or '-'`,
        );
    for (const [image, tag] of Object.entries(c.images)) {
        if (!COMPONENT.test(image))
            p.push(
                `${what}: image '${image}' must be lower-case letters and digits, separated by '.', '_' or '-'`,
            );
        if (typeof tag !== "string" || !TAG.test(tag))
            p.push(
                `${what}: image '${image}' is pinned to tag '${tag}': a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'`,
            );
    }
    return p;
}

/**
 * What a client's pins make its site mirror: every image of the container catalogue its
 * `containers:` covers, at the tag they give (the same rule that promotes them on Ark).
 */
export function pinnedContainers(
    catalogueDir: string,
    pins: ClientPins | undefined,
): { containers?: SiteContainers; problems: string[] } {
    if (!pins) return { problems: [] };
    if (!hasContainerCatalogue(catalogueDir))
        return { problems: containersWithoutCatalogue([pins], catalogueDir) };
    const catalogue = loadContainerCatalogue(catalogueDir);
    const images = clientImageTags(pins, catalogue);
    return {
        containers: Object.keys(images).length ? { namespace: catalogue.namespace, images } : undefined,
        problems: containerPinProblems([pins], catalogue),
    };
}
