/** How to reach one Pulp server. Passed to providers as a secret input, never logged. */
export interface PulpConnection {
    /** Scheme, host and port, e.g. "https://ark.example.com". */
    readonly baseUrl: string;
    /** API root as configured on the server (API_ROOT); default "/pulp/". */
    readonly apiRoot?: string;
    readonly username: string;
    readonly password: string;
    /** PEM bundle to trust instead of the system roots. */
    readonly caCert?: string;
    /** PEM client certificate and key, for servers behind a client-certificate check. */
    readonly clientCert?: string;
    readonly clientKey?: string;
    /** Per-request timeout in milliseconds (default 60 000). */
    readonly timeoutMs?: number;
    /** Deadline for one task in milliseconds (default 30 minutes: syncs and publishes can be long). */
    readonly taskTimeoutMs?: number;
}

export function apiPrefix(conn: PulpConnection): string {
    const root = conn.apiRoot ?? "/pulp/";
    return `${root.endsWith("/") ? root : root + "/"}api/v3/`;
}
