import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { frontConfig } from "../../components/server/frontContainer";
import { TestCa, writeFrontTls } from "../harness/pki";

// Ark's TLS front as a container beside Pulp, under mocks: its nginx file comes from the renderer
// the harness runs (components/front/arkFront.ts); the key is a secret all the way to the host.
type Reg = { type: string; name: string; inputs: Record<string, any> };
let registered: Reg[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({ type: a.type, name: a.name, inputs: a.inputs });
                const id =
                    a.type === "docker:index/container:Container"
                        ? `${a.name}-${a.inputs.image}`
                        : `${a.name}-id`;
                return { id, state: { ...a.inputs, imageId: `sha256-${a.inputs.name}` } };
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

const KEY = "-----BEGIN PRIVATE KEY-----\nark-front-key\n-----END PRIVATE KEY-----\n";
const isWrappedSecret = (v: any) => v?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
const revealed = (v: any) => (isWrappedSecret(v) ? v.value : v);
const reg = (name: string) => registered.find((r) => r.name === name)!;
const uploads = (name: string) =>
    Object.fromEntries(revealed(reg(name).inputs.uploads).map((u: any) => [u.file, u]));

async function build(network: Record<string, unknown>) {
    const { PulpServer } = await import("../../components/server/pulpServer");
    registered = [];
    const s = new PulpServer("ark", {
        dockerHost: "ssh://ark.example.com",
        image: "docker.io/pulp/pulp",
        version: "3.49.1",
        network: network as never,
        contentOrigin: "https://ark.example.com",
        workers: { cpus: 2 },
        adminPassword: pulumi.secret("pw"),
        dbEncryptionKey: pulumi.secret("q0B3mJ9Qx1vJm6e7YzC6oQm0sD7yFf3Hc2r8Vb5nT1A="),
        front: {
            image: "docker.io/library/nginx:1.28.0",
            port: 443,
            serverName: "ark.example.com",
            certificate: "-----BEGIN CERTIFICATE-----\nserver\n-----END CERTIFICATE-----\n",
            privateKey: pulumi.secret(KEY),
            caCertificate: "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n",
        },
        connection: pulumi.secret({ baseUrl: "https://ark.example.com", username: "admin", password: "pw" }),
    });
    await new Promise((r) => s.connection.apply(r));
}

test("beside Pulp on the host network: nginx on 443 in front of Pulp's own web server (golden)", async () => {
    await build({ mode: "host" });
    const front = reg("ark-front").inputs;
    expect(front).toMatchObject({
        name: "pulp-front",
        image: "sha256-docker.io/library/nginx:1.28.0",
        networkMode: "host",
        restart: "unless-stopped",
    });
    const files = uploads("ark-front");
    expect(Object.keys(files)).toEqual([
        "/etc/nginx/nginx.conf",
        "/etc/nginx/tls/server.pem",
        "/etc/nginx/tls/ca.pem",
        "/etc/nginx/tls/server.key",
    ]);
    const conf = files["/etc/nginx/nginx.conf"].content;
    expect(conf).toMatchSnapshot();
    expect(conf).toContain("listen 0.0.0.0:443 ssl;");
    expect(conf).toContain("ssl_verify_client on;");
    expect(conf).toMatch(/location \/pulp\/content\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:80;/);
    // The key reaches the engine only inside a secret, and only root may read it in the container.
    expect(isWrappedSecret(reg("ark-front").inputs.uploads)).toBe(true);
    expect(files["/etc/nginx/tls/server.key"]).toMatchObject({ content: KEY, permissions: "0600" });
    // Readiness waits for the front too: the stack's URL is the front's.
    expect(registered.findIndex((r) => r.name === "ark-front")).toBeLessThan(
        registered.findIndex((r) => r.name === "ark-ready"),
    );
});

test("on a bridge network: nginx publishes the port and is replaced with the Pulp container", async () => {
    await build({ mode: "bridge" });
    const front = reg("ark-front").inputs;
    expect(front.ports).toEqual([{ internal: 443, external: 443, ip: "0.0.0.0" }]);
    expect(front.networksAdvanced).toEqual([{ name: "pulp-net", aliases: ["pulp-front"] }]);
    expect(front.labels).toEqual([
        {
            label: "release-train.pulp-container",
            value: `ark-container-${reg("ark-container").inputs.image}`,
        },
    ]);
    const conf = uploads("ark-front")["/etc/nginx/nginx.conf"].content;
    expect(conf).toContain("listen 0.0.0.0:443 ssl;");
    expect(conf).toMatch(/location \/ \{\s+proxy_pass http:\/\/pulp:80;/);
    // Pulp itself publishes nothing: only the front is reachable.
    expect(reg("ark-container").inputs.ports).toBeUndefined();
});

test("nginx accepts the container's configuration", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-front-conf-"));
    const ca = new TestCa("front conf test CA");
    writeFrontTls(dir, ca, ca.issue("localhost", { usage: "server", sans: ["localhost"] }));
    // The container's paths, moved to this machine; everything else exactly as deployed.
    const conf = frontConfig({ listen: "127.0.0.1:8443", upstream: "http://127.0.0.1:80" })
        .replaceAll("/etc/nginx/tls/", `${dir}/`)
        .replace("/var/log/nginx/access.log", `${dir}/access.log`);
    fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
    const r = execFileSync(
        "nginx",
        [
            "-t",
            "-q",
            "-c",
            path.join(dir, "nginx.conf"),
            "-e",
            `${dir}/error.log`,
            "-g",
            `pid ${dir}/nginx.pid;`,
        ],
        {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    expect(r).toBe("");
});
