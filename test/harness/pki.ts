import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** PEM text of a certificate and its private key. */
export interface KeyPair {
    readonly certificate: string;
    readonly privateKey: string;
}

export interface IssueOptions {
    /** server: TLS server auth with subjectAltNames; client: TLS client auth. */
    readonly usage: "server" | "client";
    readonly sans?: string[];
    /** Validity window as openssl's YYYYMMDDHHMMSSZ; default: from an hour ago, for `days`. */
    readonly startDate?: string;
    readonly endDate?: string;
    readonly days?: number;
}

const run = (args: string[], cwd: string) =>
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });

const utc = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";

/**
 * A certificate authority made with openssl, as an organisation's own CA would be: the external
 * PKI the dev stacks and tests use (the tls provider plugin cannot run on this machine).
 */
export class TestCa {
    readonly dir: string;
    readonly certificate: string;
    private serial = 1;

    constructor(
        readonly name = "release-train test CA",
        dir?: string,
    ) {
        this.dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "rt-ca-"));
        fs.mkdirSync(path.join(this.dir, "issued"), { recursive: true });
        fs.writeFileSync(path.join(this.dir, "index.txt"), "");
        if (!fs.existsSync(path.join(this.dir, "ca.pem"))) {
            run(
                [
                    "req",
                    "-x509",
                    ...ecKey("ca.key"),
                    "-out",
                    "ca.pem",
                    "-subj",
                    `/O=release-train/CN=${name}`,
                    "-days",
                    "3650",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ],
                this.dir,
            );
        }
        this.certificate = fs.readFileSync(path.join(this.dir, "ca.pem"), "utf8");
    }

    /** Issues a certificate for `cn` with a fresh P-256 key. */
    issue(cn: string, o: IssueOptions): KeyPair {
        const id = `${this.serial++}-${cn.replace(/[^\w.-]/g, "_")}`;
        const tmp = fs.mkdtempSync(path.join(this.dir, "req-"));
        run(["req", ...ecKey(`${id}.key`), "-out", `${id}.csr`, "-subj", `/O=release-train/CN=${cn}`], tmp);
        const ext =
            o.usage === "server"
                ? [
                      "basicConstraints=critical,CA:FALSE",
                      "keyUsage=critical,digitalSignature,keyEncipherment",
                      "extendedKeyUsage=serverAuth",
                      `subjectAltName=${(o.sans ?? [cn]).map((s) => (/^[\d.:]+$/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(",")}`,
                  ]
                : [
                      "basicConstraints=critical,CA:FALSE",
                      "keyUsage=critical,digitalSignature",
                      "extendedKeyUsage=clientAuth",
                  ];
        fs.writeFileSync(path.join(tmp, "ext.cnf"), `[ext]\n${ext.join("\n")}\n`);
        fs.writeFileSync(path.join(tmp, "ca.cnf"), caConfig(this.dir));
        const start = o.startDate ?? utc(new Date(Date.now() - 3600_000));
        const end = o.endDate ?? utc(new Date(Date.now() + (o.days ?? 30) * 86_400_000));
        run(
            [
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-in",
                `${id}.csr`,
                "-out",
                `${id}.pem`,
                "-extfile",
                "ext.cnf",
                "-extensions",
                "ext",
                "-startdate",
                start,
                "-enddate",
                end,
                "-notext",
            ],
            tmp,
        );
        const pair = {
            certificate: fs.readFileSync(path.join(tmp, `${id}.pem`), "utf8"),
            privateKey: fs.readFileSync(path.join(tmp, `${id}.key`), "utf8"),
        };
        fs.rmSync(tmp, { recursive: true, force: true });
        return pair;
    }

    /** A client certificate whose validity ended yesterday. */
    issueExpired(cn: string): KeyPair {
        const day = 86_400_000;
        return this.issue(cn, {
            usage: "client",
            startDate: utc(new Date(Date.now() - 3 * day)),
            endDate: utc(new Date(Date.now() - day)),
        });
    }
}

function ecKey(keyFile: string): string[] {
    return ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyFile];
}

function caConfig(dir: string): string {
    // unique_subject=no: tests issue several certificates for one name (a rotation, an expired one).
    return `[ca]
default_ca = test
[test]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/issued
certificate = ${dir}/ca.pem
private_key = ${dir}/ca.key
rand_serial = yes
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
`;
}

/** Writes the files an nginx front reads: server certificate and key, and the client CA. */
export function writeFrontTls(dir: string, ca: TestCa, server: KeyPair): string {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dir, "server.pem"), server.certificate);
    fs.writeFileSync(path.join(dir, "server.key"), server.privateKey, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "ca.pem"), ca.certificate);
    return dir;
}

/**
 * Ark's PKI as a test runs it: a CA, a server certificate for loopback, a client certificate per
 * site, and the front's TLS directory written from them.
 */
export function frontPki(caName: string, clients: string[]) {
    const ca = new TestCa(caName);
    const pki = {
        caCertificate: ca.certificate,
        server: ca.issue("localhost", { usage: "server", sans: ["localhost", "127.0.0.1"] }),
        clients: Object.fromEntries(clients.map((c) => [c, ca.issue(c, { usage: "client" })])),
    };
    const tlsDir = writeFrontTls(fs.mkdtempSync(path.join(os.tmpdir(), "rt-front-")), ca, pki.server);
    return { ca, pki, tlsDir };
}
