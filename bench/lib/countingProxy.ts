import * as http from "http";
import { AddressInfo } from "net";

/**
 * A loopback HTTP proxy in front of one server that counts requests, logins apart (the providers
 * run in the engine's provider process, out of the benchmark's reach).
 */
export async function countingProxy(target: string): Promise<{
    url: string;
    /** Requests other than logins. */
    count(): number;
    logins(): number;
    reset(): void;
    close(): void;
}> {
    const t = new URL(target);
    let n = 0;
    let logins = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const server = http.createServer((req, res) => {
        if (req.url?.endsWith("/login/")) logins++;
        else n++;
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
        logins: () => logins,
        reset: () => void (n = logins = 0),
        close: () => {
            server.close();
            agent.destroy();
        },
    };
}
