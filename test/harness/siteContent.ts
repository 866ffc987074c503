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

/** The numbers of the versions a repository keeps, ascending (version 0 included). */
export async function versionNumbers(client: PulpClient, versionsHref: string): Promise<number[]> {
    const versions = await client.list<{ number: number }>(versionsHref);
    return versions.map((v) => v.number).sort((a, b) => a - b);
}

/** The numbers of the versions the repository named `name` keeps, e.g. ("rpm/rpm", "Local RPMs"). */
export async function keptVersions(client: PulpClient, detail: string, name: string): Promise<number[]> {
    const repo = await client.findOne<{ versions_href: string }>(`repositories/${detail}/`, { name });
    if (!repo) throw new Error(`no repository ${name} on ${client.conn.baseUrl}`);
    return versionNumbers(client, repo.versions_href);
}
