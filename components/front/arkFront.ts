/**
 * The TLS front of a Pulp server: nginx terminating TLS, demanding a client certificate signed by
 * the Ark CA, and proxying the API and the content app. One renderer for every place a front runs
 * (the harness on loopback, a container beside Pulp), so what the tests exercise is what deploys.
 */
export interface ArkFrontArgs {
    /** `host:port` nginx listens on, e.g. "0.0.0.0:443" or "127.0.0.1:8443". */
    readonly listen: string;
    /** server_name; "_" matches any. */
    readonly serverName?: string;
    /** Files nginx reads: the server certificate (chain) and key, the CA client certificates must chain to. */
    readonly tls: {
        readonly certificateFile: string;
        readonly keyFile: string;
        readonly clientCaFile: string;
        /** Optional CRL: a revoked client certificate is refused at TLS even while it is unexpired. */
        readonly crlFile?: string;
    };
    /** Pulp's API (pulpcore-api) and content app (pulpcore-content), e.g. "http://127.0.0.1:24817". */
    readonly upstream: { readonly api: string; readonly content: string };
    /** Where a non-default nginx keeps its pid, logs and temp files (the harness runs it unprivileged). */
    readonly paths?: { readonly prefix: string };
    /** Upload limit for the API (container pushes, file uploads); default 0 = unlimited. */
    readonly maxBodySize?: string;
    /** How long a proxied request may be silent (a large artifact streamed on demand); default 600s. */
    readonly readTimeoutSeconds?: number;
}

/** Problems with the arguments, each naming the field and the fix. */
export function arkFrontProblems(a: ArkFrontArgs): string[] {
    const p: string[] = [];
    if (!/^[\w.:[\]-]+:\d{1,5}$/.test(a.listen))
        p.push(`listen '${a.listen}' must be host:port, e.g. 0.0.0.0:443`);
    for (const [k, v] of Object.entries(a.upstream))
        if (!/^https?:\/\/[^/\s]+$/.test(v))
            p.push(
                `upstream.${k} '${v}' must be scheme://host:port without a path, e.g. http://127.0.0.1:24817`,
            );
    for (const [k, v] of Object.entries(a.tls))
        if (v !== undefined && (!v.startsWith("/") || /[\s;{}]/.test(v)))
            p.push(`tls.${k} '${v}' must be an absolute path without spaces, ';' or braces`);
    if (a.maxBodySize !== undefined && !/^\d+[kmgKMG]?$/.test(a.maxBodySize))
        p.push(`maxBodySize '${a.maxBodySize}' must be a size such as 0, 512m or 20g`);
    return p;
}

export function renderArkFront(a: ArkFrontArgs): string {
    const problems = arkFrontProblems(a);
    if (problems.length) throw new Error(`invalid TLS front arguments:\n  - ${problems.join("\n  - ")}`);
    const read = `${a.readTimeoutSeconds ?? 600}s`;
    const prefix = a.paths?.prefix;
    const global = prefix
        ? [
              `pid ${prefix}/nginx.pid;`,
              `error_log ${prefix}/error.log warn;`,
              "daemon off;",
              "worker_processes 1;",
          ]
        : ["worker_processes auto;"];
    const temp = prefix
        ? ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
              (t) => `${t}_temp_path ${prefix}/tmp/${t};`,
          )
        : [];
    // What nginx streams instead of buffering: content responses, API request bodies (uploads), or both.
    const proxied = (upstream: string, stream: "responses" | "requests" | "both") => [
        `proxy_pass ${upstream};`,
        // Pulp builds pagination links and content URLs from Host: keep the address clients used.
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        // Never trust a client-supplied certificate header: only the one nginx verified goes on,
        // so an x509 content guard on Pulp can rely on it.
        "proxy_set_header X-CLIENT-CERT $ssl_client_escaped_cert;",
        `proxy_read_timeout ${read};`,
        `proxy_send_timeout ${read};`,
        ...(stream !== "requests" ? ["proxy_buffering off;"] : []),
        ...(stream !== "responses" ? ["proxy_request_buffering off;"] : []),
    ];
    const block = (indent: string, lines: string[]) => lines.map((l) => `${indent}${l}`).join("\n");
    return `# Rendered by release-train (components/front/arkFront.ts): do not edit by hand.
${global.join("\n")}
events { worker_connections 1024; }

http {
    access_log ${prefix ? `${prefix}/access.log` : "/var/log/nginx/access.log"};
${block("    ", temp)}
    server_tokens off;
    client_max_body_size ${a.maxBodySize ?? "0"};

    server {
        listen ${a.listen} ssl;
        server_name ${a.serverName ?? "_"};

        ssl_certificate ${a.tls.certificateFile};
        ssl_certificate_key ${a.tls.keyFile};
        ssl_protocols TLSv1.2 TLSv1.3;
        # A client authenticates twice: a certificate signed by the Ark CA here, its password at Pulp.
        ssl_client_certificate ${a.tls.clientCaFile};
        ssl_verify_client on;
        ssl_verify_depth 2;
${a.tls.crlFile ? `        ssl_crl ${a.tls.crlFile};\n` : ""}
        # nginx answers a missing or bad certificate with a bare 400; say what is wrong instead.
        error_page 495 = @certificate_invalid;
        error_page 496 = @certificate_missing;
        location @certificate_invalid {
            return 400 "Ark refused the client certificate: it is expired, revoked or not signed by the Ark CA\\n";
        }
        location @certificate_missing {
            return 400 "Ark requires a client certificate signed by the Ark CA\\n";
        }

        # Packages and files, and container blobs Pulp redirects to: the content app, streamed.
        location /pulp/content/ {
${block("            ", proxied(a.upstream.content, "responses"))}
        }
        location /pulp/container/ {
${block("            ", proxied(a.upstream.content, "responses"))}
        }
        # The container registry and its token server (pulpcore-api), behind the same certificate
        # check: Pulp's TOKEN_SERVER names this front, so a client following the WWW-Authenticate
        # realm for its token comes back through here too. Layers are streamed both ways.
        location /v2/ {
${block("            ", proxied(a.upstream.api, "both"))}
        }
        location /token/ {
${block("            ", proxied(a.upstream.api, "requests"))}
        }
        # The REST API and everything else.
        location / {
${block("            ", proxied(a.upstream.api, "requests"))}
        }
    }
}
`;
}
