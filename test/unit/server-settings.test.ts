import { execFileSync } from "child_process";
import { containerSettings, secretKeyFrom } from "../../components/server/pulpContainer";
import {
    PulpSettingsArgs,
    pulpSettingsProblems,
    pulpWorkers,
    renderPulpSettings,
} from "../../components/server/pulpSettings";

// The one generator of Pulp's settings: what a deployed container gets and what the harness's real
// Pulp servers run (scripts/render-settings.ts), so every test against Pulp exercises it.
const DB_KEY = "q0B3mJ9Qx1vJm6e7YzC6oQm0sD7yFf3Hc2r8Vb5nT1A=";
const harness: PulpSettingsArgs = {
    contentOrigin: "http://127.0.0.1:24816",
    secretKey: "k".repeat(50),
    storage: {
        mediaRoot: "/srv/pulp/media",
        workingDirectory: "/srv/pulp/scratch",
        staticRoot: "/srv/pulp/assets",
    },
    database: { name: "pulp_dev", user: "pulp", host: "127.0.0.1", port: 5433, password: "pulp" },
    dbEncryptionKeyFile: "/srv/pulp/db.key",
    workers: { cpus: 2, cap: 2, content: 1 },
    allowedImportPaths: ["/srv/pulp/fixtures"],
};
const container = {
    contentOrigin: "https://ark.example.com",
    workers: { cpus: 8 },
    adminPassword: "unused",
    dbEncryptionKey: DB_KEY,
    tokenAuth: { privateKey: "unused", publicKey: "unused" },
};

/** What Python makes of the file: the settings Pulp would load. */
function evaluate(file: string, names: string[]): Record<string, unknown> {
    const script = `import json,sys\nns={}\nexec(sys.stdin.read(), ns)\nprint(json.dumps({k: ns[k] for k in ${JSON.stringify(names)}}))`;
    return JSON.parse(execFileSync("python3", ["-c", script], { input: file, encoding: "utf8" }));
}

test("a deployed container's settings (golden)", () => {
    expect(containerSettings(container, DB_KEY)).toMatchSnapshot();
});

test("the harness's settings (golden): its database, storage and import paths", () => {
    expect(renderPulpSettings(harness).file).toMatchSnapshot();
});

test("the file is Python that evaluates to exactly the settings asked for", () => {
    const s = evaluate(containerSettings(container, DB_KEY), [
        "CONTENT_ORIGIN",
        "DATABASES",
        "MEDIA_ROOT",
        "DB_ENCRYPTION_KEY",
        "TOKEN_AUTH_DISABLED",
        "TOKEN_SERVER",
        "PRIVATE_KEY_PATH",
        "HIDE_GUARDED_DISTRIBUTIONS",
    ]);
    expect(s).toEqual({
        CONTENT_ORIGIN: "https://ark.example.com",
        // The image's PostgreSQL over its local socket: no host, no password.
        DATABASES: { default: { ENGINE: "django.db.backends.postgresql", NAME: "pulp", USER: "pulp" } },
        MEDIA_ROOT: "/var/lib/pulp/media",
        DB_ENCRYPTION_KEY: "/etc/pulp/certs/database_fields.symmetric.key",
        TOKEN_AUTH_DISABLED: false,
        TOKEN_SERVER: "https://ark.example.com/token/",
        PRIVATE_KEY_PATH: "/etc/pulp/certs/token_private_key.pem",
        HIDE_GUARDED_DISTRIBUTIONS: true,
    });
    const h = evaluate(renderPulpSettings(harness).file, [
        "DATABASES",
        "TOKEN_AUTH_DISABLED",
        "ALLOWED_IMPORT_PATHS",
    ]);
    expect(h.DATABASES).toEqual({
        default: {
            ENGINE: "django.db.backends.postgresql",
            NAME: "pulp_dev",
            USER: "pulp",
            PASSWORD: "pulp",
            HOST: "127.0.0.1",
            PORT: "5433",
        },
    });
    expect(h.TOKEN_AUTH_DISABLED).toBe(true);
    expect(h.ALLOWED_IMPORT_PATHS).toEqual(["/srv/pulp/fixtures"]);
});

test("API and content workers follow the CPUs (2n+1), task workers one per CPU, all capped", () => {
    expect(pulpWorkers({ cpus: 2 })).toEqual({ api: 5, content: 5, tasks: 2 });
    expect(pulpWorkers({ cpus: 64 })).toEqual({ api: 32, content: 32, tasks: 32 });
    expect(pulpWorkers({ cpus: 8, cap: 10 })).toEqual({ api: 10, content: 10, tasks: 8 });
    // Explicit counts win over the derived ones; the harness asks for one content app.
    expect(renderPulpSettings(harness).workers).toEqual({ api: 2, content: 1, tasks: 2 });
});

test("the settings hold a SECRET_KEY derived one way from the database key, never the key itself", () => {
    const file = containerSettings(container, DB_KEY);
    expect(file).toContain(`SECRET_KEY = "${secretKeyFrom(DB_KEY)}"`);
    expect(file).not.toContain(DB_KEY);
    expect(secretKeyFrom(DB_KEY)).toBe(secretKeyFrom(`${DB_KEY}\n`));
    expect(secretKeyFrom(DB_KEY)).not.toBe(secretKeyFrom("AAAA" + DB_KEY.slice(4)));
});

test("bad arguments are refused, each naming the field and the fix", () => {
    const bad: PulpSettingsArgs = {
        ...harness,
        contentOrigin: "https://ark.example.com/pulp/",
        apiRoot: "pulp",
        secretKey: "short",
        storage: { mediaRoot: "media", workingDirectory: '/tmp/a"b' },
        database: { name: "", user: "pulp", port: 5432 },
        workers: { cpus: 0, api: 1.5 },
        tokenAuth: { server: "https://ark.example.com/", privateKeyFile: "/k", publicKeyFile: "/p" },
    };
    expect(pulpSettingsProblems(bad)).toEqual([
        "contentOrigin 'https://ark.example.com/pulp/' must be scheme://host[:port] without a path, e.g. https://ark.example.com",
        "apiRoot 'pulp' must start and end with '/', e.g. /pulp/",
        "secretKey must be at least 32 characters (a random string; it signs sessions)",
        "storage.mediaRoot 'media' must be an absolute path without spaces or quotes",
        "storage.workingDirectory '/tmp/a\"b' must be an absolute path without spaces or quotes",
        "database.name is required, e.g. pulp",
        "database.port needs database.host (without a host Pulp uses the local socket)",
        "tokenAuth.server 'https://ark.example.com/' must be the API's origin followed by /token/, e.g. https://ark.example.com/token/",
        "workers.cpus must be a whole number of at least 1, got 0",
        "workers.api must be a whole number of at least 1, got 1.5",
    ]);
    expect(() => renderPulpSettings(bad)).toThrow(/^invalid Pulp settings arguments:\n {2}- contentOrigin/);
});
