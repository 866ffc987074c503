import { z } from "zod";
import { PulpConnection } from "../components/pulp/client/connection";
import { ValidationError, zodProblems } from "../model/problems";
import { serverSchema } from "./serverConfig";

// Pulumi hands every config value over as a string; lists are JSON.
const jsonList = z.preprocess(
    (v) => (typeof v === "string" ? safeJson(v) : v),
    z.array(z.string(), { error: 'must be a list of usernames, e.g. ["alice"]' }),
);
const jsonObject = <T extends z.ZodType>(schema: T) =>
    z.preprocess((v) => (typeof v === "string" ? safeJson(v) : v), schema);
function safeJson(v: string): unknown {
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

const days = z.coerce.number().int().min(1, "must be at least 1 day");
const pkiSchema = z
    .object({
        mode: z.enum(["generated", "external"]).default("generated"),
        /** DNS names and IP addresses of Ark's front (generated mode). */
        serverNames: z.array(z.string().min(1)).default([]),
        organization: z.string().min(1).optional(),
        keyAlgorithm: z.enum(["ECDSA", "RSA"]).optional(),
        caValidityDays: days.optional(),
        validityDays: days.optional(),
        earlyRenewalDays: days.optional(),
        /** client → certificate generation: raise it to rotate that client's key and certificate. */
        rotations: z.record(z.string(), z.coerce.number().int().min(1)).default({}),
    })
    .strict()
    .superRefine((p, ctx) => {
        if (p.mode === "generated" && !p.serverNames.length)
            ctx.addIssue({
                code: "custom",
                path: ["serverNames"],
                message:
                    'generated mode needs serverNames: the names and addresses of Ark\'s front, e.g. ["ark.example.com"]',
            });
    });
export type PkiConfig = z.infer<typeof pkiSchema>;

/** Keys that belong to one role, and why, for the error on a stack of the other role. */
const CLIENT_ONLY = "applies to client stacks only";
const ROLE_KEYS: Record<string, { role: "ark" | "client"; why: string }> = {
    github: { role: "ark", why: "only the ark stack manages the GitHub organisation" },
    pki: {
        role: "ark",
        why: "only the ark stack holds the PKI (a client site gets its certificate from arkStack)",
    },
    client: { role: "client", why: CLIENT_ONLY },
    arkUrl: { role: "client", why: CLIENT_ONLY },
    arkStack: { role: "client", why: CLIENT_ONLY },
    mirrorPolicy: { role: "client", why: CLIENT_ONLY },
    proxyUrl: { role: "client", why: CLIENT_ONLY },
    proxyUsername: { role: "client", why: CLIENT_ONLY },
};

/**
 * The one schema for stack configuration, validated before any resource is declared so a
 * mistake fails the preview with the key and the fix, not half-way through an update.
 */
export const stackConfigSchema = z
    .object({
        role: z.enum(["ark", "client"], { error: "must be 'ark' or 'client'" }),
        pulpUrl: z
            .string({ error: "is required, e.g. https://ark.example.com" })
            .regex(/^https?:\/\/[^/]+\/?$/, "must be scheme://host[:port], e.g. https://ark.example.com"),
        pulpUsername: z.string().min(1).default("admin"),
        pulpApiRoot: z
            .string()
            .regex(/^\/.*\/$/, "must start and end with '/'")
            .default("/pulp/"),
        /** The longest wait for one Pulp task during `pulumi up`; unset: 30 minutes. */
        pulpTaskTimeoutSeconds: z.coerce
            .number({ error: "release-train:pulpTaskTimeoutSeconds must be a number of seconds, e.g. 600" })
            .int()
            .min(10, "release-train:pulpTaskTimeoutSeconds must be at least 10")
            .optional(),
        catalogue: z.string().default("catalogue/prod"),
        ledger: z.string().default("ledger/prod.yaml"),
        pins: z.string().default("pins/prod"),
        retentionDays: z.coerce.number().int().min(1, "must be at least 1").default(180),
        /** The GitHub organisation manifest (ark stacks only); unset, the stack leaves GitHub alone. */
        github: z
            .string()
            .regex(/\.ya?ml$/, "must be the path of a YAML manifest")
            .optional(),
        operators: jsonList.default([]),
        ci: jsonList.default([]),
        /** Ark's CA, server and client certificates (ark stacks); external material is secret config `pkiExternal`. */
        pki: jsonObject(pkiSchema).optional(),
        // Client sites.
        /** The client this site is: its pins file is <pins>/<client>.yaml, its Ark user the same name. */
        client: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and '-' (its pins file name)")
            .optional(),
        /** Ark's TLS front, as the site's Pulp reaches it. */
        arkUrl: z
            .string()
            .regex(/^https:\/\/[^/]+\/?$/, "must be https://host[:port] (Ark's TLS front)")
            .optional(),
        /** The Ark stack whose `clients` output holds this site's certificate and password, e.g. organization/release-train/prod. */
        arkStack: z
            .string()
            .regex(/^[\w.-]+\/[\w.-]+\/[\w.-]+$/, "must be <organization>/<project>/<stack>")
            .optional(),
        mirrorPolicy: z.enum(["on_demand", "immediate", "streamed"]).optional(),
        /** An HTTP(S) proxy the site's Pulp reaches Ark through (credentials: `proxyUsername`, secret `proxyPassword`). */
        proxyUrl: z
            .string()
            .regex(/^https?:\/\/[^@\s]+$/, "must be http(s)://host:port without credentials")
            .optional(),
        proxyUsername: z.string().min(1).optional(),
        /** Adopt the Pulp at pulpUrl (default), or deploy it as a container on its host. */
        server: jsonObject(serverSchema).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
        for (const [k, { role, why }] of Object.entries(ROLE_KEYS))
            if (c.role !== role && c[k as keyof typeof c] !== undefined)
                ctx.addIssue({ code: "custom", path: [k], message: `${why}: remove the key` });
        if (c.role === "client" && c.server?.front)
            ctx.addIssue({
                code: "custom",
                path: ["server", "front"],
                message: "only Ark has a TLS front (client certificates signed by the Ark CA): remove it",
            });
        if (c.server?.mode === "deploy" && c.pulpUsername !== "admin")
            ctx.addIssue({
                code: "custom",
                path: ["pulpUsername"],
                message: "a deployed Pulp seeds its admin user with pulpPassword: pulpUsername must be admin",
            });
        if (c.role === "client") {
            if (!c.client)
                ctx.addIssue({
                    code: "custom",
                    path: ["client"],
                    message: "is required: the client this site is (its pins file name)",
                });
            if (!c.arkUrl)
                ctx.addIssue({
                    code: "custom",
                    path: ["arkUrl"],
                    message: "is required: Ark's TLS front, e.g. https://ark.example.com",
                });
        }
    });

export type StackConfig = z.infer<typeof stackConfigSchema>;

/**
 * Validates raw config values (key → value, without the project prefix); `source` names where
 * they come from, e.g. `Pulumi.prod.yaml`.
 */
export function parseStackConfig(raw: Record<string, unknown>, source?: string): StackConfig {
    const r = stackConfigSchema.safeParse(raw);
    if (r.success) return r.data;
    throw new ValidationError(
        source ? `invalid stack configuration in ${source}` : "invalid stack configuration",
        zodProblems(r.error.issues, { at: source ?? "", keyPrefix: "release-train:" }),
    );
}

export function connectionFrom(cfg: StackConfig, password: string): PulpConnection {
    return {
        baseUrl: cfg.pulpUrl.replace(/\/$/, ""),
        apiRoot: cfg.pulpApiRoot,
        username: cfg.pulpUsername,
        password,
        // Only when set: an unchanged connection keeps every resource's state as it was.
        ...(cfg.pulpTaskTimeoutSeconds ? { taskTimeoutMs: cfg.pulpTaskTimeoutSeconds * 1000 } : {}),
    };
}
