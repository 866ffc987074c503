import { z } from "zod";
import { PulpConnection } from "../components/pulp/client/connection";

// Pulumi hands every config value over as a string; lists are JSON.
const jsonList = z.preprocess(
    (v) => (typeof v === "string" ? safeJson(v) : v),
    z.array(z.string(), { error: 'must be a list of usernames, e.g. ["alice"]' }),
);
function safeJson(v: string): unknown {
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
}

/**
 * The one schema for stack configuration, validated before any resource is declared so a
 * mistake fails the preview with the key and the fix, not half-way through an update.
 */
export const stackConfigSchema = z
    .object({
        role: z.enum(["ark", "client"], { error: "release-train:role must be 'ark' or 'client'" }),
        pulpUrl: z
            .string({ error: "release-train:pulpUrl is required, e.g. https://ark.example.com" })
            .regex(
                /^https?:\/\/[^/]+\/?$/,
                "release-train:pulpUrl must be scheme://host[:port], e.g. https://ark.example.com",
            ),
        pulpUsername: z.string().min(1).default("admin"),
        pulpApiRoot: z
            .string()
            .regex(/^\/.*\/$/, "release-train:pulpApiRoot must start and end with '/'")
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
        retentionDays: z.coerce
            .number()
            .int()
            .min(1, "release-train:retentionDays must be at least 1")
            .default(180),
        /** The GitHub organisation manifest (ark stacks only); unset, the stack leaves GitHub alone. */
        github: z
            .string()
            .regex(/\.ya?ml$/, "release-train:github must be the path of a YAML manifest")
            .optional(),
        operators: jsonList.default([]),
        ci: jsonList.default([]),
    })
    .strict()
    .refine((c) => c.role === "ark" || c.github === undefined, {
        message: "release-train:github: only the ark stack manages the GitHub organisation: remove the key",
        path: ["github"],
    });

export type StackConfig = z.infer<typeof stackConfigSchema>;

export class ConfigError extends Error {
    constructor(problems: string[]) {
        super(`invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
        this.name = "ConfigError";
    }
}

/** Validates raw config values (key → value, without the project prefix). */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
    const r = stackConfigSchema.safeParse(raw);
    if (r.success) return r.data;
    throw new ConfigError(
        r.error.issues.map((i) =>
            i.code === "unrecognized_keys"
                ? `unknown key(s) ${(i as { keys: string[] }).keys.map((k) => `release-train:${k}`).join(", ")}: remove them or check the spelling`
                : `release-train:${i.path.join(".")}: ${i.message}`,
        ),
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
