import * as pulumi from "@pulumi/pulumi";

/** How a client site reaches Ark: its TLS front, and the client's certificate and password. */
export interface ArkAccess {
    /** Ark's TLS front, scheme://host[:port], e.g. "https://ark.example.com". */
    readonly url: string;
    /** Where Ark's content app is mounted (Pulp's CONTENT_PATH_PREFIX); default "/pulp/content/". */
    readonly contentPath?: string;
    /** The client's Ark user (its name). */
    readonly username: string;
    readonly password: pulumi.Input<string>;
    /** The CA that signed Ark's server certificate (and the client's). */
    readonly caCertificate: pulumi.Input<string>;
    /** The client's certificate and key, checked by Ark's front before any request reaches Pulp. */
    readonly certificate: pulumi.Input<string>;
    readonly privateKey: pulumi.Input<string>;
}

/** The URL of one Ark snapshot as a remote syncs it (file repositories: its manifest). */
export function snapshotUrl(ark: ArkAccess, type: string, basePath: string, id: string): string {
    const prefix = (ark.contentPath ?? "/pulp/content/").replace(/^\/?/, "/").replace(/\/?$/, "/");
    const dir = `${ark.url.replace(/\/+$/, "")}${prefix}${basePath}${id}/`;
    return type === "file" ? `${dir}PULP_MANIFEST` : dir;
}

/** A site's outbound proxy to Ark (release-train:proxyUrl). */
export interface SiteProxy {
    readonly url: string;
    readonly username?: pulumi.Input<string>;
    readonly password?: pulumi.Input<string>;
}

/** What every site remote to Ark carries: Ark's CA, the client's certificate and password, the proxy. */
export function arkRemoteAccess(ark: ArkAccess, proxy?: SiteProxy) {
    return {
        ca_cert: ark.caCertificate,
        client_cert: ark.certificate,
        client_key: ark.privateKey,
        username: ark.username,
        password: ark.password,
        ...(proxy
            ? { proxy_url: proxy.url, proxy_username: proxy.username, proxy_password: proxy.password }
            : {}),
    };
}
