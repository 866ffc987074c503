/**
 * Pulp's settings file and process counts from typed arguments: one pure function for every Pulp
 * this project runs (a deployed container, and the harness's servers on this machine), so the real
 * Pulp servers in the tests run what deploys.
 */

/** How many processes of each kind Pulp runs. */
export interface PulpWorkersArgs {
    /** CPUs of the host Pulp runs on. */
    readonly cpus: number;
    /** Upper bound for the counts derived from `cpus` (default 32, as Kayobe's seed). */
    readonly cap?: number;
    /** Explicit counts instead of the derived ones. */
    readonly api?: number;
    readonly content?: number;
    readonly tasks?: number;
}

export interface PulpSettingsArgs {
    /** Where clients fetch content (CONTENT_ORIGIN), e.g. "https://ark.example.com". */
    readonly contentOrigin: string;
    /** API_ROOT (default "/pulp/"). */
    readonly apiRoot?: string;
    /** Django's SECRET_KEY: signs sessions; a secret. */
    readonly secretKey: string;
    readonly storage: {
        readonly mediaRoot: string;
        readonly workingDirectory: string;
        /** Collected static files; unset, the image's or Pulp's default. */
        readonly staticRoot?: string;
    };
    /** PostgreSQL; without `host`, the local socket (the pulp/pulp image's bundled server). */
    readonly database: {
        readonly name: string;
        readonly user: string;
        readonly host?: string;
        readonly port?: number;
        readonly password?: string;
    };
    /** The file holding the key that encrypts secrets (remote passwords, keys) in the database. */
    readonly dbEncryptionKeyFile: string;
    readonly workers: PulpWorkersArgs;
    /** The container registry's token authentication; unset, the registry takes basic auth only. */
    readonly tokenAuth?: {
        /** Where registry clients get tokens: the API's external origin + "/token/". */
        readonly server: string;
        /** An EC P-256 key pair (ES256). */
        readonly privateKeyFile: string;
        readonly publicKeyFile: string;
    };
    /** Directories Pulp may import content from (uploads from the file system). */
    readonly allowedImportPaths?: string[];
}

export interface PulpWorkers {
    readonly api: number;
    readonly content: number;
    readonly tasks: number;
}

export interface PulpSettings {
    /** settings.py (PULP_SETTINGS): holds SECRET_KEY and any database password, so it is secret. */
    readonly file: string;
    readonly workers: PulpWorkers;
}

const DEFAULT_CAP = 32;
const ORIGIN = /^https?:\/\/[^/\s"'\\]+$/;
const PATH = /^\/[^\s"'\\]*$/;

const count = (what: string, v: number | undefined, p: string[]) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
        p.push(`${what} must be a whole number of at least 1, got ${v}`);
};

/** Every problem with the arguments, each naming the field and the fix. */
export function pulpSettingsProblems(a: PulpSettingsArgs): string[] {
    const p: string[] = [];
    if (!ORIGIN.test(a.contentOrigin))
        p.push(
            `contentOrigin '${a.contentOrigin}' must be scheme://host[:port] without a path, e.g. https://ark.example.com`,
        );
    if (a.apiRoot !== undefined && !/^\/([\w.-]+\/)*$/.test(a.apiRoot))
        p.push(`apiRoot '${a.apiRoot}' must start and end with '/', e.g. /pulp/`);
    if (a.secretKey.length < 32)
        p.push("secretKey must be at least 32 characters (a random string; it signs sessions)");
    const paths: [string, string | undefined][] = [
        ["storage.mediaRoot", a.storage.mediaRoot],
        ["storage.workingDirectory", a.storage.workingDirectory],
        ["storage.staticRoot", a.storage.staticRoot],
        ["dbEncryptionKeyFile", a.dbEncryptionKeyFile],
        ["tokenAuth.privateKeyFile", a.tokenAuth?.privateKeyFile],
        ["tokenAuth.publicKeyFile", a.tokenAuth?.publicKeyFile],
        ...(a.allowedImportPaths ?? []).map((x, i): [string, string] => [`allowedImportPaths[${i}]`, x]),
    ];
    for (const [k, v] of paths)
        if (v !== undefined && !PATH.test(v))
            p.push(`${k} '${v}' must be an absolute path without spaces or quotes`);
    if (!a.database.name) p.push("database.name is required, e.g. pulp");
    if (!a.database.user) p.push("database.user is required, e.g. pulp");
    const port = a.database.port;
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
        p.push(`database.port must be a TCP port (1-65535), got ${port}`);
    if (port !== undefined && a.database.host === undefined)
        p.push("database.port needs database.host (without a host Pulp uses the local socket)");
    if (a.tokenAuth && !/^https?:\/\/[^/\s"'\\]+\/token\/$/.test(a.tokenAuth.server))
        p.push(
            `tokenAuth.server '${a.tokenAuth.server}' must be the API's origin followed by /token/, e.g. https://ark.example.com/token/`,
        );
    count("workers.cpus", a.workers.cpus, p);
    count("workers.cap", a.workers.cap, p);
    count("workers.api", a.workers.api, p);
    count("workers.content", a.workers.content, p);
    count("workers.tasks", a.workers.tasks, p);
    return p;
}

/**
 * API and content processes follow the usual gunicorn rule (2 × CPUs + 1) and task workers one per
 * CPU, each capped, so a large host does not start more processes than PostgreSQL takes connections.
 */
export function pulpWorkers(w: PulpWorkersArgs): PulpWorkers {
    const cap = w.cap ?? DEFAULT_CAP;
    const web = Math.min(2 * w.cpus + 1, cap);
    return { api: w.api ?? web, content: w.content ?? web, tasks: w.tasks ?? Math.min(w.cpus, cap) };
}

/** A Python literal for a JSON-like value (JSON strings are valid Python string literals). */
function py(v: unknown): string {
    if (v === true) return "True";
    if (v === false) return "False";
    if (v === null || v === undefined) return "None";
    if (typeof v === "string" || typeof v === "number") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(py).join(", ")}]`;
    return `{${Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${JSON.stringify(k)}: ${py(x)}`)
        .join(", ")}}`;
}

export function renderPulpSettings(a: PulpSettingsArgs): PulpSettings {
    const problems = pulpSettingsProblems(a);
    if (problems.length) throw new Error(`invalid Pulp settings arguments:\n  - ${problems.join("\n  - ")}`);
    const db = a.database;
    const lines: [string, unknown][] = [
        ["SECRET_KEY", a.secretKey],
        ["CONTENT_ORIGIN", a.contentOrigin],
        ["API_ROOT", a.apiRoot ?? "/pulp/"],
        [
            "DATABASES",
            {
                default: {
                    ENGINE: "django.db.backends.postgresql",
                    NAME: db.name,
                    USER: db.user,
                    PASSWORD: db.password,
                    HOST: db.host,
                    PORT: db.port === undefined ? undefined : String(db.port),
                },
            },
        ],
        ["MEDIA_ROOT", a.storage.mediaRoot],
        ["WORKING_DIRECTORY", a.storage.workingDirectory],
        ["FILE_UPLOAD_TEMP_DIR", a.storage.workingDirectory],
        ["STATIC_ROOT", a.storage.staticRoot],
        ["DB_ENCRYPTION_KEY", a.dbEncryptionKeyFile],
        ["ALLOWED_IMPORT_PATHS", a.allowedImportPaths],
    ];
    const token = a.tokenAuth
        ? [
              "# The registry hands out tokens signed with this key pair (pulp_container).",
              "TOKEN_AUTH_DISABLED = False",
              `TOKEN_SERVER = ${py(a.tokenAuth.server)}`,
              'TOKEN_SIGNATURE_ALGORITHM = "ES256"',
              `PRIVATE_KEY_PATH = ${py(a.tokenAuth.privateKeyFile)}`,
              `PUBLIC_KEY_PATH = ${py(a.tokenAuth.publicKeyFile)}`,
          ]
        : ["# The registry takes Pulp's basic auth (no token server).", "TOKEN_AUTH_DISABLED = True"];
    const file = [
        "# Rendered by release-train (components/server/pulpSettings.ts): do not edit by hand.",
        ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${py(v)}`),
        "# Clients list only what they may read: development snapshots stay out of sight.",
        "HIDE_GUARDED_DISTRIBUTIONS = True",
        "ANALYTICS = False",
        ...token,
        "",
    ].join("\n");
    return { file, workers: pulpWorkers(a.workers) };
}
