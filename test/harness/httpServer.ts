import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

/** A static file server on 127.0.0.1 (random port): the upstream Pulp syncs from in tests. */
export async function serveDir(dir: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
    const root = path.resolve(dir);
    const server = http.createServer((req, res) => {
        const rel = decodeURIComponent((req.url ?? "/").split("?")[0]);
        const file = path.resolve(root, `.${rel}`);
        if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { "content-length": fs.statSync(file).size });
        fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    const bound = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise<void>((r) => server.close(() => r())),
    };
}

/**
 * An upstream for one test: a temporary directory that `build` fills, served on loopback while
 * `body` runs, and closed however the body ends.
 */
export async function withUpstream<T>(
    prefix: string,
    build: (dir: string) => void,
    body: (dir: string, url: string) => Promise<T>,
): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    build(dir);
    const server = await serveDir(dir);
    try {
        return await body(dir, server.url);
    } finally {
        await server.close();
    }
}
