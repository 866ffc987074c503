import { contentDigest, mirroredUnits, Unit, versionContent } from "../../cli/content";
import { PulpClient } from "../../components/pulp/client/http";

type Dist = { publication?: string | null; pulp_labels?: Record<string, string> };

/** The content a named distribution serves (through its publication); undefined when it serves nothing. */
export async function servedContent(
    client: PulpClient,
    plugin: string,
    name: string,
): Promise<Unit[] | undefined> {
    const detail = { rpm: "rpm/rpm", deb: "deb/apt", file: "file/file" }[plugin];
    const d = await client.findOne<Dist>(`distributions/${detail}/`, { name });
    if (!d) throw new Error(`no distribution ${name} on ${client.conn.baseUrl}`);
    if (!d.publication) return undefined;
    const pub = await client.get<{ repository_version: string }>(d.publication);
    return versionContent(client, pub.repository_version);
}

/**
 * What a distribution on a site's Pulp serves, as the ledger digests it: equal to Ark's snapshot
 * digest iff the site serves exactly that snapshot's content. Undefined when it serves nothing.
 */
export async function servedDigest(
    client: PulpClient,
    plugin: string,
    name: string,
): Promise<string | undefined> {
    const units = await servedContent(client, plugin, name);
    return units && contentDigest(units);
}

/**
 * The digest of what a mirror of a published snapshot must share with it (cli/content.ts
 * mirroredUnits): for deb, the packages and their places, not the Release files each Pulp writes.
 */
export async function mirroredDigest(
    client: PulpClient,
    plugin: string,
    name: string,
): Promise<string | undefined> {
    const units = await servedContent(client, plugin, name);
    return units && contentDigest(mirroredUnits(units));
}
