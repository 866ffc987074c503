/**
 * The demo's PKI, made once with openssl and kept in the demo's cache: an "existing organisation
 * CA" (external mode; the tls provider plugin cannot run on this machine), Ark's server certificate
 * for 127.0.0.1 and one client certificate and password per client.
 *   demo-pki.ts DIR CLIENT...      prints pkiExternal as JSON (secret: the caller stores it as secret config)
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { TestCa, writeFrontTls } from "../test/harness/pki";

const [dir, ...clients] = process.argv.slice(2);
if (!dir || !clients.length) {
    process.stderr.write("usage: demo-pki.ts DIR CLIENT...\n");
    process.exit(2);
}
fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
const ca = new TestCa("release-train demo CA", path.join(dir, "ca"));
const keep = (file: string, make: () => { certificate: string; privateKey: string }) => {
    const [crt, key] = [`${file}.pem`, `${file}.key`].map((f) => path.join(dir, f));
    if (!fs.existsSync(crt) || !fs.existsSync(key)) {
        const p = make();
        fs.writeFileSync(crt, p.certificate);
        fs.writeFileSync(key, p.privateKey, { mode: 0o600 });
    }
    return { certificate: fs.readFileSync(crt, "utf8"), privateKey: fs.readFileSync(key, "utf8") };
};
const server = keep("server", () =>
    ca.issue("localhost", { usage: "server", sans: ["localhost", "127.0.0.1"], days: 365 }),
);
writeFrontTls(path.join(dir, "front"), ca, server);
const out = { caCertificate: ca.certificate, server, clients: {} as Record<string, unknown> };
for (const c of clients) {
    out.clients[c] = keep(c, () => ca.issue(c, { usage: "client", days: 365 }));
    const pw = path.join(dir, `${c}.password`);
    if (!fs.existsSync(pw))
        fs.writeFileSync(pw, crypto.randomBytes(18).toString("base64url"), { mode: 0o600 });
}
process.stdout.write(JSON.stringify(out));
