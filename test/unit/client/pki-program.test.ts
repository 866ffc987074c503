import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { resourceRecorder } from "../../harness/resourceRecorder";

// Ark's generated PKI under mocks (the tls plugin cannot run here): which resources, which uses,
// and that every private key stays a secret.
type Reg = { type: string; name: string; inputs: Record<string, unknown> };
const registered: Reg[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({ type: a.type, name: a.name, inputs: a.inputs });
                const pem = (kind: string) => `-----BEGIN ${kind}-----\n${a.name}\n-----END ${kind}-----\n`;
                const extra: Record<string, string> =
                    a.type === "tls:index/privateKey:PrivateKey"
                        ? { privateKeyPem: pem("PRIVATE KEY") }
                        : a.type === "tls:index/certRequest:CertRequest"
                          ? { certRequestPem: pem("CERTIFICATE REQUEST") }
                          : { certPem: pem("CERTIFICATE") };
                return { id: `${a.name}-id`, state: { ...a.inputs, ...extra } };
            },
            call: (a) => {
                throw new Error(`unexpected invoke ${a.token}`);
            },
        },
        "release-train",
        "unit",
        false,
    );
});

function project(clients: string[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-pki-"));
    fs.mkdirSync(path.join(dir, "pins"));
    for (const c of clients)
        fs.writeFileSync(path.join(dir, `pins/${c}.yaml`), YAML.stringify({ repositories: {} }));
    return dir;
}

async function build(clients: string[], pki: Record<string, unknown>, external?: unknown) {
    const { arkAccessProgram } = await import("../../../stacks/arkAccess");
    const { parseStackConfig } = await import("../../../stacks/config");
    const cfg = parseStackConfig({
        role: "ark",
        pulpUrl: "https://ark.example.com",
        pins: "pins",
        pki: JSON.stringify(pki),
    });
    const rec = resourceRecorder();
    const passwords = pulumi.secret(Object.fromEntries(clients.map((c) => [c, `${c}-pw`])));
    const access = arkAccessProgram(
        "ark-pki",
        { cfg, root: project(clients), clientPasswords: passwords, pkiExternal: external },
        { transformations: [rec.transformation] },
    );
    return { access, records: rec.records };
}

const unwrap = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply(r));
const isSecret = <T>(o: pulumi.Output<T>) => pulumi.isSecret(o);

test("generated: a CA, Ark's server certificate and one client certificate per client with pins", async () => {
    registered.length = 0;
    const { access, records } = await build(["site-a", "site-b"], {
        serverNames: ["ark.example.com", "10.0.0.5"],
        validityDays: 90,
        earlyRenewalDays: 14,
    });
    const clients = await unwrap(access.clients);
    expect(records.map((r) => [r.type, r.name, r.parent ?? ""])).toMatchSnapshot();
    const byName = (n: string) => registered.find((r) => r.name === n)!.inputs;
    expect(byName("ark-pki-ca")).toMatchObject({
        isCaCertificate: true,
        allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
    });
    expect(byName("ark-pki-server-csr")).toMatchObject({
        dnsNames: ["ark.example.com"],
        ipAddresses: ["10.0.0.5"],
    });
    expect(byName("ark-pki-server")).toMatchObject({
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
        validityPeriodHours: 90 * 24,
        earlyRenewalHours: 14 * 24,
    });
    expect(byName("ark-pki-client-site-a")).toMatchObject({
        allowedUses: ["digital_signature", "client_auth"],
    });
    expect(byName("ark-pki-client-site-a-csr")).toMatchObject({ subject: { commonName: "site-a" } });
    expect(byName("ark-pki-ca-key")).toMatchObject({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    // What client stacks read: every client's credentials, one secret output; keys secret everywhere.
    expect(Object.keys(clients)).toEqual(["site-a", "site-b"]);
    expect(clients["site-a"]).toMatchObject({
        username: "site-a",
        password: "site-a-pw",
        caCertificate: expect.stringContaining("ark-pki-ca"),
    });
    expect(await isSecret(access.clients)).toBe(true);
    expect(await isSecret(access.pki.server.privateKey)).toBe(true);
    for (const c of Object.values(access.pki.clients)) expect(await isSecret(c.privateKey)).toBe(true);
});

test("rotating one client's certificate is a config change that replaces only its key and certificate", async () => {
    registered.length = 0;
    const { access } = await build(["site-a", "site-b"], {
        serverNames: ["ark"],
        rotations: { "site-b": 2 },
    });
    await unwrap(access.clients); // every resource is registered by then
    const names = registered.map((r) => r.name).filter((n) => n.includes("client"));
    expect(names.sort()).toEqual([
        "ark-pki-client-site-a",
        "ark-pki-client-site-a-csr",
        "ark-pki-client-site-a-key",
        "ark-pki-client-site-b-g2",
        "ark-pki-client-site-b-g2-csr",
        "ark-pki-client-site-b-g2-key",
    ]);
});

test("RSA keys when asked", async () => {
    registered.length = 0;
    const { access } = await build(["site-a"], { serverNames: ["ark"], keyAlgorithm: "RSA" });
    await unwrap(access.clients);
    expect(
        registered.filter((r) => r.type === "tls:index/privateKey:PrivateKey").map((r) => r.inputs),
    ).toEqual(Array(3).fill({ algorithm: "RSA", rsaBits: 3072 }));
});

test("PKI config problems are listed at once before anything is declared", async () => {
    registered.length = 0;
    await expect(
        build(["site-a"], { mode: "external", rotations: { "site-z": 2 } }, undefined),
    ).rejects.toThrow(
        [
            "Ark's PKI does not add up:",
            "  - release-train:pki.rotations.site-z: no client 'site-z' has pins: remove it or fix the name",
            "  - release-train:pkiExternal is required in external mode: pulumi config set --secret --path 'pkiExternal.caCertificate' < ca.pem (and server.*, clients.<name>.*)",
        ].join("\n"),
    );
    await expect(
        build(["site-a"], { mode: "external" }, { caCertificate: "x", server: {}, clients: {} }),
    ).rejects.toThrow(
        /pkiExternal\.caCertificate: must be a PEM certificate\n {2}- release-train:pkiExternal\.server\.certificate: must be a PEM certificate\n {2}- release-train:pkiExternal\.clients\.site-a: missing/,
    );
    expect(registered).toEqual([]);
});
