import { z } from "zod";
import { imageRefProblem, pinnedVersionProblem } from "../components/server/pulpServerArgs";

// Config values arrive as strings (`pulumi config set --path`) or as YAML scalars.
const int = (what: string, min = 1) =>
    z.coerce
        .number({ error: `${what} must be a whole number` })
        .int(`${what} must be a whole number`)
        .min(min, `${what} must be at least ${min}`);
const port = (what: string) => int(what).max(65535, `${what} must be a TCP port (1-65535)`);
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());
const ip = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/i, "must be an IP address, e.g. 0.0.0.0");
const volume = z
    .string()
    .regex(/^(\/[^\s:]*|[a-zA-Z0-9][\w.-]+)$/, "must be a Docker volume name or an absolute host path");

/** Keys only a deployment uses: set with mode adopt, they would be silently ignored. */
export const DEPLOY_ONLY = [
    "host",
    "sshOpts",
    "image",
    "version",
    "containerName",
    "network",
    "httpPort",
    "bindAddress",
    "contentOrigin",
    "cpus",
    "workerCap",
    "apiWorkers",
    "contentWorkers",
    "taskWorkers",
    "volumes",
    "tokenAuth",
    "front",
] as const;

/**
 * `release-train:server`: how the stack gets its Pulp. `adopt` (the default) manages objects on the
 * Pulp already running at pulpUrl; `deploy` runs it as a container on `host` (Docker over SSH).
 */
export const serverSchema = z
    .object({
        mode: z.enum(["adopt", "deploy"], { error: "mode must be adopt or deploy" }).default("adopt"),
        host: z
            .string()
            .regex(
                /^ssh:\/\/([\w.-]+@)?[\w.-]+(:\d{1,5})?$/,
                "must be ssh://[user@]host[:port], the Pulp host's Docker",
            )
            .optional(),
        sshOpts: z.array(z.string()).optional(),
        image: z
            .string()
            .regex(
                /^[\w.-]+(:\d+)?(\/[\w.-]+)+$/,
                "must be a repository without a tag, e.g. docker.io/pulp/pulp",
            )
            .optional(),
        version: z
            .string()
            .superRefine((v, ctx) => {
                const p = pinnedVersionProblem("version", v);
                if (p) ctx.addIssue({ code: "custom", message: p });
            })
            .optional(),
        containerName: z
            .string()
            .regex(/^[a-zA-Z0-9][\w.-]*$/, "must be a Docker container name")
            .optional(),
        network: z.enum(["host", "bridge"], { error: "network must be host or bridge" }).optional(),
        httpPort: port("httpPort").optional(),
        bindAddress: ip.optional(),
        contentOrigin: z
            .string()
            .regex(/^https?:\/\/[^/\s]+$/, "must be scheme://host[:port], e.g. https://ark.example.com")
            .optional(),
        cpus: int("cpus").optional(),
        workerCap: int("workerCap").optional(),
        apiWorkers: int("apiWorkers").optional(),
        contentWorkers: int("contentWorkers").optional(),
        taskWorkers: int("taskWorkers").optional(),
        volumes: z
            .object({
                storage: volume.optional(),
                database: volume.optional(),
                containers: volume.optional(),
            })
            .strict()
            .optional(),
        tokenAuth: bool.optional(),
        front: z
            .object({
                port: port("front.port").default(443),
                image: z
                    .string()
                    .superRefine((v, ctx) => {
                        const p = imageRefProblem("image", v);
                        if (p) ctx.addIssue({ code: "custom", message: p });
                    })
                    .default("docker.io/library/nginx:1.28.0"),
                serverName: z
                    .string()
                    .regex(/^[\w.*-]+$/, "must be a host name")
                    .optional(),
                bindAddress: ip.optional(),
            })
            .strict()
            .optional(),
        /** How long resources wait for the server to be ready (migrations after an upgrade included). */
        readyTimeoutSeconds: int("readyTimeoutSeconds").default(900),
    })
    .strict()
    .superRefine((s, ctx) => {
        const issue = (path: string, message: string) =>
            ctx.addIssue({ code: "custom", path: [path], message });
        // A key given but invalid already has its issue; "needs" is for a key not given at all.
        const given = (k: keyof typeof s) => s[k] !== undefined || ctx.issues.some((i) => i.path?.[0] === k);
        if (s.mode === "adopt") {
            for (const k of DEPLOY_ONLY)
                if (s[k] !== undefined)
                    issue(k, "applies to mode deploy only: set server.mode to deploy, or remove it");
            return;
        }
        if (!given("host"))
            issue(
                "host",
                "mode deploy needs host: the Pulp host's Docker, e.g. ssh://deploy@ark.example.com",
            );
        if (!given("version"))
            issue("version", "mode deploy needs a pinned version of the Pulp image, e.g. 3.49.1");
        if (!given("cpus"))
            issue("cpus", "mode deploy needs cpus: the host's CPU count (worker counts derive from it)");
        if (s.network !== "bridge" && (s.httpPort !== undefined || s.bindAddress !== undefined))
            issue(
                "network",
                "httpPort and bindAddress apply to network bridge (host networking serves on port 80)",
            );
        if (s.network !== "bridge" && s.front?.port === 80)
            issue(
                "front",
                "front.port 80 is Pulp's own web server on a host network: choose another, e.g. 443",
            );
        if (s.network === "bridge" && s.httpPort === undefined && !s.front)
            issue("httpPort", "network bridge needs httpPort (or a front), else nothing reaches Pulp");
    });

export type ServerConfig = z.infer<typeof serverSchema>;
