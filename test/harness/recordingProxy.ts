import * as http from "http";
import { AddressInfo } from "net";

export interface Seen {
    method: string;
    path: string;
    headers: http.IncomingHttpHeaders;
    status: number;
    /** Set-Cookie headers Pulp answered with. */
    setCookie: string[];
}

/**
 * A loopback proxy in front of one Pulp that records every request (method, path, headers, status),
 * so a test can see what the client really sends. `intercept` may answer a request itself (e.g. a
 * server without a login endpoint) or rewrite its headers before it is forwarded.
 */
export async function recordingProxy(
    target: string,
    intercept?: (req: http.IncomingMessage) => { status: number } | undefined,
): Promise<{ url: string; seen: Seen[]; close(): void }> {
    const t = new URL(target);
    const seen: Seen[] = [];
    const agent = new http.Agent({ keepAlive: true });
    const server = http.createServer((req, res) => {
        const record = (status: number, setCookie: string[] = []) =>
            seen.push({
                method: req.method ?? "",
                path: req.url ?? "",
                headers: { ...req.headers },
                status,
                setCookie,
            });
        const own = intercept?.(req);
        if (own) {
            record(own.status);
            req.resume();
            res.writeHead(own.status, { "content-type": "application/json" }).end("{}");
            return;
        }
        const up = http.request(
            {
                host: t.hostname,
                port: t.port,
                path: req.url,
                method: req.method,
                headers: req.headers,
                agent,
            },
            (r) => {
                record(r.statusCode ?? 502, [r.headers["set-cookie"] ?? []].flat());
                res.writeHead(r.statusCode ?? 502, r.headers);
                r.pipe(res);
            },
        );
        up.on("error", () => res.writeHead(502).end());
        req.pipe(up);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => {
            server.close();
            agent.destroy();
        },
    };
}
