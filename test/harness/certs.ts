import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface TestPki {
    caCert: string;
    caKey: string;
    clientCert: string;
    clientKey: string;
}

const openssl = (args: string[], cwd: string) =>
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });

/** A throwaway CA and one client certificate it signed (P-256), made with openssl. */
export function makeTestPki(cn = "rt-test-client"): TestPki {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-pki-"));
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    openssl(
        [
            "req",
            "-x509",
            ...ec,
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=rt-test-ca",
            "-days",
            "2",
        ],
        dir,
    );
    openssl(["req", ...ec, "-keyout", "client.key", "-out", "client.csr", "-subj", `/CN=${cn}`], dir);
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "client.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "client.pem",
            "-days",
            "2",
        ],
        dir,
    );
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    const pki = {
        caCert: read("ca.pem"),
        caKey: read("ca.key"),
        clientCert: read("client.pem"),
        clientKey: read("client.key"),
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return pki;
}
