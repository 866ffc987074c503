import { z } from "zod";
import { PulpConnection } from "../components/pulp/client/connection";
import { ValidationError, zodProblems } from "../model/problems";

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
        role: z.enum(["ark", "client"], { error: "must be 'ark' or 'client'" }),
        pulpUrl: z
            .string({ error: "is required, e.g. https://ark.example.com" })
            .regex(/^https?:\/\/[^/]+\/?$/, "must be scheme://host[:port], e.g. https://ark.example.com"),
        pulpUsername: z.string().min(1).default("admin"),
        pulpApiRoot: z
            .string()
            .regex(/^\/.*\/$/, "must start and end with '/'")
            .default("/pulp/"),
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
    })
    .strict()
    .refine((c) => c.role === "ark" || c.github === undefined, {
        message: "only the ark stack manages the GitHub organisation: remove the key",
        path: ["github"],
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
    };
}
