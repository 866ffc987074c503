import { execFileSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfig } from "../../stacks/config";

// The stack side of a Pulp server: release-train:server and its secrets, checked before anything
// is declared; then adopted (the dev stacks) or deployed (prod, a client's seed host), under mocks.
type Reg = { type: string; name: string; custom: boolean; inputs: Record<string, any> };
let registered: Reg[] = [];

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({ type: a.type, name: a.name, custom: a.custom ?? true, inputs: a.inputs });
                return {
                    id: `${a.name}-id`,
                    state: { ...a.inputs, imageId: "sha256-x", pulp_href: `/pulp/${a.name}/` },
                };
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

const DB_KEY = "q0B3mJ9Qx1vJm6e7YzC6oQm0sD7yFf3Hc2r8Vb5nT1A=";
const TOKEN_KEY = execFileSync("openssl", ["ecparam", "-genkey", "-name", "prime256v1", "-noout"], {
    encoding: "utf8",
});
const RSA_KEY = execFileSync("openssl", ["genrsa", "2048"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
});
const ark = (server: unknown, extra: Record<string, unknown> = {}) =>
    parseStackConfig({
        role: "ark",
        pulpUrl: "https://ark.example.com",
        server: JSON.stringify(server),
        ...extra,
    });
const deploy = { mode: "deploy", host: "ssh://deploy@ark.example.com", version: "3.49.1", cpus: "8" };

test("server config: adopt by default, deploy with its host, pinned version and CPUs", () => {
    expect(parseStackConfig({ role: "ark", pulpUrl: "http://h:1" }).server).toBeUndefined();
    expect(ark({}).server).toEqual({ mode: "adopt", readyTimeoutSeconds: 900 });
    expect(
        ark({ ...deploy, tokenAuth: "true", front: {}, volumes: { storage: "/srv/pulp" } }).server,
    ).toEqual({
        mode: "deploy",
        host: "ssh://deploy@ark.example.com",
        version: "3.49.1",
        cpus: 8,
        tokenAuth: true,
        front: { port: 443, image: "docker.io/library/nginx:1.28.0" },
        volumes: { storage: "/srv/pulp" },
        readyTimeoutSeconds: 900,
    });
});

test("server config problems are listed at once, each with its key and the fix", () => {
    expect(() =>
        parseStackConfig({
            role: "client",
            pulpUrl: "http://h:1",
            client: "site",
            arkUrl: "https://ark",
            pulpUsername: "ops",
            server: JSON.stringify({
                mode: "deploy",
                version: "latest",
                network: "bridge",
                front: {},
                cpus: 0,
            }),
        }),
    ).toThrow(
        [
            "invalid stack configuration:",
            "  - release-train:server.version: version 'latest' must be a pinned version (a release tag such as 3.49.1, or sha256:<digest>), not a moving tag",
            "  - release-train:server.cpus: cpus must be at least 1",
            "  - release-train:server.host: mode deploy needs host: the Pulp host's Docker, e.g. ssh://deploy@ark.example.com",
            "  - release-train:server.front: only Ark has a TLS front (client certificates signed by the Ark CA): remove it",
            "  - release-train:pulpUsername: a deployed Pulp seeds its admin user with pulpPassword: pulpUsername must be admin",
        ].join("\n"),
    );
    expect(() => ark({ mode: "deploy" })).toThrow(
        [
            "  - release-train:server.host: mode deploy needs host: the Pulp host's Docker, e.g. ssh://deploy@ark.example.com",
            "  - release-train:server.version: mode deploy needs a pinned version of the Pulp image, e.g. 3.49.1",
            "  - release-train:server.cpus: mode deploy needs cpus: the host's CPU count (worker counts derive from it)",
        ].join("\n"),
    );
    expect(() => ark({ host: "ssh://h", cpus: 2 })).toThrow(
        [
            "  - release-train:server.host: applies to mode deploy only: set server.mode to deploy, or remove it",
            "  - release-train:server.cpus: applies to mode deploy only: set server.mode to deploy, or remove it",
        ].join("\n"),
    );
    expect(() => ark({ ...deploy, host: "ark.example.com", mode: "run", colour: 1 })).toThrow(
        /server\.mode: mode must be adopt or deploy[\s\S]*server: Unrecognized key: "colour"|server\.mode: mode must be adopt or deploy/,
    );
});

test("the deployment's secrets are checked without ever being shown", async () => {
    const { serverSecretProblems } = await import("../../stacks/server");
    const cfg = ark({ ...deploy, tokenAuth: true });
    expect(serverSecretProblems(cfg, { dbEncryptionKey: DB_KEY, tokenPrivateKey: TOKEN_KEY })).toEqual([]);
    const bad = serverSecretProblems(cfg, { dbEncryptionKey: "not-a-key", tokenPrivateKey: RSA_KEY });
    expect(bad).toEqual([
        "release-train:pulpDbEncryptionKey must be base64 of 32 random bytes (openssl rand -base64 32); keep it for the life of the server: Pulp cannot read its stored secrets without it",
        "release-train:pulpTokenPrivateKey must be an EC P-256 private key in PEM (openssl ecparam -genkey -name prime256v1 -noout)",
    ]);
    expect(bad.join()).not.toContain("not-a-key");
    expect(serverSecretProblems(cfg, {})).toEqual([
        'release-train:pulpDbEncryptionKey is required to deploy Pulp: pulumi config set --secret pulpDbEncryptionKey "$(openssl rand -base64 32)"',
        "release-train:pulpTokenPrivateKey is required with server.tokenAuth: pulumi config set --secret pulpTokenPrivateKey < key.pem (openssl ecparam -genkey -name prime256v1 -noout)",
    ]);
    expect(
        serverSecretProblems(ark({ ...deploy, front: {} }), {
            dbEncryptionKey: DB_KEY,
            tokenPrivateKey: TOKEN_KEY,
        }),
    ).toEqual([
        "release-train:pulpTokenPrivateKey is set but server.tokenAuth is not: set server.tokenAuth to true, or remove the key",
        "release-train:server.front needs release-train:pki: the front serves Ark's server certificate and trusts its CA",
    ]);
    expect(serverSecretProblems(ark({}), { dbEncryptionKey: DB_KEY })).toEqual([
        "release-train:pulpDbEncryptionKey is used only to deploy Pulp (server.mode deploy): remove it",
    ]);
});

async function site(cfg: StackConfig, secrets: Record<string, string> = {}) {
    const { withPulpServer } = await import("../../stacks/server");
    const { Repository } = await import("../../components/pulp/providers/repository");
    const password = pulumi.secret("admin-pw");
    registered = [];
    const r = await withPulpServer(
        "pulp",
        {
            cfg,
            connection: password.apply((p) => ({ baseUrl: cfg.pulpUrl, username: "admin", password: p })),
            adminPassword: password,
            secrets,
        },
        (connection) => ({ repo: new Repository("repo", { connection, plugin: "file", name: "files" }) }),
    );
    await new Promise((res) => r.repo.urn.apply(res));
    return r;
}

test("adopting a running Pulp: what talks to it is declared first, yet waits for its readiness", async () => {
    const r = await site(ark({ readyTimeoutSeconds: 120 }));
    expect(r.pulp!.server).toBeUndefined();
    expect(registered.map((x) => x.name)).toEqual(["pulp-ready", "repo"]);
    expect(reg("pulp-ready").inputs).toMatchObject({ timeout_seconds: 120 });
    expect(reg("pulp-ready").inputs.connection.value).toMatchObject({ baseUrl: "https://ark.example.com" });
});

test("deploying: the container on the host, then what talks to it", async () => {
    const r = await site(ark({ ...deploy, tokenAuth: true, workerCap: "4" }), {
        dbEncryptionKey: DB_KEY,
        tokenPrivateKey: TOKEN_KEY,
    });
    expect(r.pulp!.server).toBeDefined();
    const names = registered.map((x) => x.name);
    expect(names.indexOf("pulp-container")).toBeLessThan(names.indexOf("pulp-ready"));
    expect(names.indexOf("pulp-ready")).toBeLessThan(names.indexOf("repo"));
    const c = reg("pulp-container").inputs;
    expect(c.envs.value.slice(0, 3)).toEqual([
        "PULP_WORKERS=4",
        "PULP_API_WORKERS=4",
        "PULP_CONTENT_WORKERS=4",
    ]);
    const files = Object.fromEntries(
        c.uploads.value.map((u: { file: string; content: string }) => [u.file, u.content]),
    );
    // The public half of the token key, derived from the secret one.
    expect(files["/etc/pulp/certs/token_public_key.pem"]).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(files["/etc/pulp/settings.py"]).toContain('CONTENT_ORIGIN = "https://ark.example.com"');
});

test("bad secrets fail before anything is declared", async () => {
    await expect(site(ark(deploy), { dbEncryptionKey: "short" })).rejects.toThrow(
        /^the Pulp server does not add up:\n {2}- release-train:pulpDbEncryptionKey must be base64/,
    );
    expect(registered.filter((x) => x.custom)).toEqual([]);
});

const reg = (name: string) => registered.find((r) => r.name === name)!;
