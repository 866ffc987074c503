import { arkFrontProblems, renderArkFront } from "../../../components/front/arkFront";

const args = {
    listen: "0.0.0.0:443",
    serverName: "ark.example.com",
    tls: {
        certificateFile: "/etc/ark/tls/server.pem",
        keyFile: "/etc/ark/tls/server.key",
        clientCaFile: "/etc/ark/tls/ca.pem",
    },
    upstream: { api: "http://127.0.0.1:24817", content: "http://127.0.0.1:24816" },
};

test("the Ark front's nginx configuration (golden)", () => {
    expect(renderArkFront(args)).toMatchSnapshot();
});

test("the front demands a client certificate and passes only the verified one on to Pulp", () => {
    const conf = renderArkFront({ ...args, tls: { ...args.tls, crlFile: "/etc/ark/tls/crl.pem" } });
    expect(conf).toContain("ssl_verify_client on;");
    expect(conf).toContain("ssl_client_certificate /etc/ark/tls/ca.pem;");
    expect(conf).toContain("ssl_crl /etc/ark/tls/crl.pem;");
    // Every proxied location overwrites X-CLIENT-CERT with nginx's own, so a client cannot forge it.
    const locations = conf
        .split("location ")
        .slice(1)
        .filter((l) => l.includes("proxy_pass"));
    expect(locations).toHaveLength(5);
    for (const l of locations)
        expect(l).toContain("proxy_set_header X-CLIENT-CERT $ssl_client_escaped_cert;");
    expect(conf).toMatch(/location \/pulp\/content\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:24816;/);
    expect(conf).toMatch(/location \/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:24817;/);
});

test("the registry and its token server pass through behind the same certificate check", () => {
    const conf = renderArkFront(args);
    const location = (p: string) => conf.match(new RegExp(`location ${p} \\{([^}]*)\\}`))?.[1] ?? "";
    // Both go to Pulp's API (pulp_container serves /v2/ and /token/ there, not in the content app).
    expect(location("/v2/")).toMatch(/^\s+proxy_pass http:\/\/127\.0\.0\.1:24817;/);
    expect(location("/token/")).toMatch(/^\s+proxy_pass http:\/\/127\.0\.0\.1:24817;/);
    // Pushed and pulled layers stream through nginx rather than filling its temp files.
    expect(location("/v2/")).toContain("proxy_buffering off;");
    expect(location("/v2/")).toContain("proxy_request_buffering off;");
    // The token's audience is the Host the client used: the front's, not Pulp's own address.
    for (const p of ["/v2/", "/token/"]) expect(location(p)).toContain("proxy_set_header Host $http_host;");
    // One server block: the certificate check covers every location, the registry's included.
    expect(conf.match(/server \{/g)).toHaveLength(1);
    expect(conf.match(/ssl_verify_client/g)).toHaveLength(1);
});

test("a harness prefix keeps every file nginx writes under it", () => {
    const conf = renderArkFront({ ...args, listen: "127.0.0.1:8443", paths: { prefix: "/tmp/front" } });
    expect(conf).toContain("pid /tmp/front/nginx.pid;");
    expect(conf).toContain("daemon off;");
    expect(conf).toContain("proxy_temp_path /tmp/front/tmp/proxy;");
    expect(conf).not.toContain("/var/log/nginx");
});

test("bad arguments are refused, each naming the field and the fix", () => {
    const bad = {
        ...args,
        listen: "443",
        upstream: { api: "127.0.0.1:24817", content: "http://h:1/pulp" },
        tls: { ...args.tls, keyFile: "server.key" },
        maxBodySize: "lots",
    };
    expect(arkFrontProblems(bad)).toEqual([
        "listen '443' must be host:port, e.g. 0.0.0.0:443",
        "upstream.api '127.0.0.1:24817' must be scheme://host:port without a path, e.g. http://127.0.0.1:24817",
        "upstream.content 'http://h:1/pulp' must be scheme://host:port without a path, e.g. http://127.0.0.1:24817",
        "tls.keyFile 'server.key' must be an absolute path without spaces, ';' or braces",
        "maxBodySize 'lots' must be a size such as 0, 512m or 20g",
    ]);
    expect(() => renderArkFront(bad)).toThrow(/^invalid TLS front arguments:\n {2}- listen '443'/);
});
