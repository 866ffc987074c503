import * as http from "http";
import { AddressInfo } from "net";

/** A loopback HTTP proxy in front of one server that counts requests (the providers run in another process). */
export async function countingProxy(
    target: string,
): Promise<{ url: string; count(): number; reset(): void; close(): void }> {
    const t = new URL(target);
    let n = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const server = http.createServer((req, res) => {
        n++;
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
        count: () => n,
        reset: () => void (n = 0),
        close: () => server.close(),
    };
}
