import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

// The Pulp server deployment under mocks (the docker provider plugin cannot run here): the
// container spec, its volumes, and that every secret reaches the host only as a secret.
type Reg = { type: string; name: string; custom: boolean; inputs: Record<string, any> };
type Declared = {
    type: string;
    name: string;
    parent?: string;
    props: Record<string, any>;
    opts: pulumi.CustomResourceOptions;
};
let registered: Reg[] = [];
let declared: Declared[] = [];
const sha = (s: string) => crypto.createHash("sha256").update(s).digest("hex").slice(0, 12);

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push({ type: a.type, name: a.name, custom: a.custom ?? true, inputs: a.inputs });
                const extra: Record<string, string> =
                    a.type === "docker:index/remoteImage:RemoteImage"
                        ? { imageId: `sha256:${sha(a.inputs.name)}` }
                        : {};
                // A container's id follows its image, as a new container would get a new id.
                const id =
                    a.type === "docker:index/container:Container"
                        ? `c-${sha(a.inputs.image)}`
                        : `${a.name}-id`;
                return { id, state: { ...a.inputs, ...extra } };
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

const SECRETS = {
    admin: "admin-password-Zq8",
    dbKey: "q0B3mJ9Qx1vJm6e7YzC6oQm0sD7yFf3Hc2r8Vb5nT1A=",
    token: "-----BEGIN EC PRIVATE KEY-----\ntoken-key\n-----END EC PRIVATE KEY-----\n",
    frontKey: "-----BEGIN PRIVATE KEY-----\nfront-key\n-----END PRIVATE KEY-----\n",
};

async function build(name: string, over: Record<string, unknown> = {}) {
    const { PulpServer } = await import("../../components/server/pulpServer");
    registered = [];
    declared = [];
    const names = new WeakMap<pulumi.Resource, string>();
    const server = new PulpServer(
        name,
        {
            dockerHost: "ssh://deploy@ark.example.com",
            image: "docker.io/pulp/pulp",
            version: "3.49.1",
            network: { mode: "host" },
            contentOrigin: "https://ark.example.com",
            workers: { cpus: 4 },
            adminPassword: pulumi.secret(SECRETS.admin),
            dbEncryptionKey: pulumi.secret(SECRETS.dbKey),
            tokenAuth: { privateKey: pulumi.secret(SECRETS.token), publicKey: "PUBLIC" },
            connection: pulumi.secret({
                baseUrl: "https://ark.example.com",
                username: "admin",
                password: SECRETS.admin,
            }),
            ...over,
        },
        {
            transformations: [
                (a) => {
                    names.set(a.resource, a.name);
                    const parent = a.opts.parent ? names.get(a.opts.parent) : undefined;
                    declared.push({ type: a.type, name: a.name, parent, props: a.props, opts: a.opts });
                    return undefined;
                },
            ],
        },
    );
    await unwrap(server.connection);
    return server;
}

const unwrap = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply(r));
/** A value as the engine received it: secrets arrive wrapped, with Pulumi's secret signature. */
const isWrappedSecret = (v: any) => v?.[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
const revealed = (v: any) => (isWrappedSecret(v) ? v.value : v);
const reg = (name: string) => registered.find((r) => r.name === name)!;
const decl = (name: string) => declared.find((d) => d.name === name)!;

test("one container of a pinned Pulp image, its three volumes, a provider on the host's Docker over SSH", async () => {
    await build("ark");
    // Names are an interface (renaming one replaces it): the tree, with each child's parent.
    expect(declared.map((d) => [d.type, d.name, d.parent ?? ""]).sort()).toMatchSnapshot();
    expect(reg("ark-docker").inputs.host).toBe("ssh://deploy@ark.example.com");
    expect(reg("ark-image").inputs).toMatchObject({ name: "docker.io/pulp/pulp:3.49.1", keepLocally: true });
    const c = reg("ark-container").inputs;
    expect(c).toMatchObject({
        name: "pulp",
        image: `sha256:${sha("docker.io/pulp/pulp:3.49.1")}`,
        networkMode: "host",
        restart: "unless-stopped",
        mustRun: true,
    });
    expect(c.volumes).toEqual([
        { volumeName: "pulp_storage", containerPath: "/var/lib/pulp" },
        { volumeName: "pulp_pgsql", containerPath: "/var/lib/pgsql" },
        { volumeName: "pulp_containers", containerPath: "/var/lib/containers" },
    ]);
    // Workers from 4 CPUs: 9 API and content processes, 4 task workers.
    expect(revealed(c.envs).slice(0, 4)).toEqual([
        "PULP_WORKERS=4",
        "PULP_API_WORKERS=9",
        "PULP_CONTENT_WORKERS=9",
        "PULP_HTTPS=false",
    ]);
    expect(c.healthcheck.tests.join(" ")).toContain("http://127.0.0.1/pulp/api/v3/status/");
    expect(c.healthcheck.startPeriod).toBe("10m");
    expect(revealed(c.uploads).map((u: { file: string }) => u.file)).toEqual([
        "/etc/pulp/settings.py",
        "/etc/pulp/certs/database_fields.symmetric.key",
        "/etc/pulp/certs/token_private_key.pem",
        "/etc/pulp/certs/token_public_key.pem",
    ]);
    expect(revealed(c.uploads)[1]).toMatchObject({
        content: `${SECRETS.dbKey}\n`,
        owner: "0",
        group: "700",
        permissions: "0640",
    });
    // The readiness resource waits for this container, and is replaced with it.
    expect(reg("ark-ready").inputs).toMatchObject({ timeout_seconds: 900, trigger: `c-${sha(c.image)}` });
});

test("secrets reach the container only as secrets, and never the component's inputs", async () => {
    await build("ark");
    const c = decl("ark-container").props;
    const uploads = c.uploads as { file: string; content: pulumi.Input<string> }[];
    const secret = async (v: unknown) => pulumi.Output.isInstance(v) && (await pulumi.isSecret(v));
    const byFile = Object.fromEntries(uploads.map((u) => [u.file, u.content]));
    expect(await secret(byFile["/etc/pulp/settings.py"])).toBe(true);
    expect(await secret(byFile["/etc/pulp/certs/database_fields.symmetric.key"])).toBe(true);
    expect(await secret(byFile["/etc/pulp/certs/token_private_key.pem"])).toBe(true);
    expect(byFile["/etc/pulp/certs/token_public_key.pem"]).toBe("PUBLIC");
    const envs = c.envs as pulumi.Input<string>[];
    expect(envs.slice(0, 4).every((e) => typeof e === "string")).toBe(true);
    expect(await secret(envs[4])).toBe(true);
    expect(await unwrap(envs[4] as pulumi.Output<string>)).toBe(
        `PULP_DEFAULT_ADMIN_PASSWORD=${SECRETS.admin}`,
    );
    expect(await secret(decl("ark-ready").props.connection)).toBe(true);
    // What the engine receives, and stores: the whole environment and every upload, as secrets.
    const engine = reg("ark-container").inputs;
    expect(isWrappedSecret(engine.envs)).toBe(true);
    expect(isWrappedSecret(engine.uploads)).toBe(true);
    expect(isWrappedSecret(reg("ark-ready").inputs.connection)).toBe(true);
    // The engine stores a component's arguments in state (Pulumi >= 3.202): none may be secret.
    const component = registered.find((r) => r.type === "releasetrain:server:PulpServer")!;
    const stored = JSON.stringify(component.inputs);
    for (const s of Object.values(SECRETS)) expect(stored).not.toContain(s);
    // Nor does any plain input of any resource carry one.
    const plain = JSON.stringify(
        registered.map((r) => ({ ...r.inputs, uploads: undefined, envs: undefined, connection: undefined })),
    );
    for (const s of Object.values(SECRETS)) expect(plain).not.toContain(s);
});

test("a new image version replaces the container only: volumes, their names and the settings stay", async () => {
    await build("ark");
    const before = new Map(registered.map((r) => [r.name, JSON.stringify(r.inputs)]));
    await build("ark", { version: "3.50.0" });
    const changed = registered
        .filter((r) => before.get(r.name) !== JSON.stringify(r.inputs))
        .map((r) => r.name);
    // The image, the container that runs it, and the readiness that waits for the new container.
    expect(changed.sort()).toEqual(["ark-container", "ark-image", "ark-ready"]);
    const c = JSON.parse(before.get("ark-container")!);
    expect({ ...reg("ark-container").inputs, image: c.image }).toEqual(c);
    // Volumes outlive the stack itself; the old container goes before the new one takes its name.
    for (const v of ["ark-storage", "ark-database", "ark-containers"])
        expect(decl(v).opts.retainOnDelete).toBe(true);
    expect(decl("ark-container").opts.deleteBeforeReplace).toBe(true);
});

test("bridge networking publishes Pulp's web server on the address asked, host paths bind as volumes", async () => {
    await build("site", {
        network: { mode: "bridge", httpPort: 8080, bindAddress: "10.0.0.5" },
        volumes: { storage: "/srv/pulp", database: "seed_pgsql" },
        containerName: "seed-pulp",
        tokenAuth: undefined,
    });
    const c = reg("site-container").inputs;
    expect(reg("site-network").inputs.name).toBe("seed-pulp-net");
    expect(c.networkMode).toBeUndefined();
    expect(c.networksAdvanced).toEqual([{ name: "seed-pulp-net", aliases: ["seed-pulp"] }]);
    expect(c.ports).toEqual([{ internal: 80, external: 8080, ip: "10.0.0.5" }]);
    expect(c.volumes).toEqual([
        { hostPath: "/srv/pulp", containerPath: "/var/lib/pulp" },
        { volumeName: "seed_pgsql", containerPath: "/var/lib/pgsql" },
        { volumeName: "pulp_containers", containerPath: "/var/lib/containers" },
    ]);
    expect(registered.filter((r) => r.type === "docker:index/volume:Volume").map((r) => r.name)).toEqual([
        "site-database",
        "site-containers",
    ]);
    expect(revealed(c.uploads).map((u: { file: string }) => u.file)).toEqual([
        "/etc/pulp/settings.py",
        "/etc/pulp/certs/database_fields.symmetric.key",
    ]);
});

test("bad arguments fail before anything is declared, each naming the field and the fix", async () => {
    await expect(
        build("bad", {
            dockerHost: "tcp://ark:2375",
            version: "latest",
            network: { mode: "bridge" },
            workers: { cpus: 0 },
            contentOrigin: "ark.example.com",
        }),
    ).rejects.toThrow(
        [
            "invalid Pulp server arguments for 'bad':",
            "  - dockerHost 'tcp://ark:2375' must be ssh://[user@]host[:port] (the Docker engine on the Pulp host)",
            "  - version 'latest' must be a pinned version (a release tag such as 3.49.1, or sha256:<digest>), not a moving tag",
            "  - network: a bridge network needs httpPort or a front, else nothing reaches Pulp",
            "  - contentOrigin 'ark.example.com' must be scheme://host[:port] without a path, e.g. https://ark.example.com",
            "  - workers.cpus must be a whole number of at least 1, got 0",
        ].join("\n"),
    );
    expect(registered.filter((r) => r.custom)).toEqual([]);
});
