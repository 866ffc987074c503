/**
 * Renders the nginx TLS front of a local Pulp for scripts/pulp-dev, through the same function a
 * deployment uses (components/front/arkFront.ts).
 *   render-front.ts LISTEN TLS_DIR API_URL CONTENT_URL PREFIX
 * TLS_DIR holds server.pem, server.key and ca.pem (and crl.pem, when present).
 */
import * as fs from "fs";
import * as path from "path";
import { renderArkFront } from "../components/front/arkFront";

const [listen, tlsDir, api, content, prefix] = process.argv.slice(2);
if (!prefix) {
    process.stderr.write("usage: render-front.ts LISTEN TLS_DIR API_URL CONTENT_URL PREFIX\n");
    process.exit(2);
}
const file = (f: string) => path.join(path.resolve(tlsDir), f);
for (const f of ["server.pem", "server.key", "ca.pem"]) {
    if (!fs.existsSync(file(f))) {
        process.stderr.write(
            `${file(f)} is missing: the TLS directory needs server.pem, server.key and ca.pem\n`,
        );
        process.exit(2);
    }
}
process.stdout.write(
    renderArkFront({
        listen,
        tls: {
            certificateFile: file("server.pem"),
            keyFile: file("server.key"),
            clientCaFile: file("ca.pem"),
            crlFile: fs.existsSync(file("crl.pem")) ? file("crl.pem") : undefined,
        },
        upstream: { api, content },
        paths: { prefix: path.resolve(prefix) },
    }),
);
