import { z } from "zod";
import { basePathProblem, nameProblem, PLUGINS } from "./plugins";

/** Pieces of input schemas shared by the kinds. */
export const connection = z.object(
    {
        baseUrl: z
            .string()
            .regex(/^https?:\/\/[^/]+/, "must be an http(s) URL such as https://ark.example.com"),
        apiRoot: z.string().optional(),
        username: z.string().min(1, "must be set"),
        password: z.string().min(1, "must be set"),
        caCert: z.string().optional(),
        clientCert: z.string().optional(),
        clientKey: z.string().optional(),
        timeoutMs: z.number().positive().optional(),
        taskTimeoutMs: z.number().positive().optional(),
    },
    { error: "connection is required: {baseUrl, username, password}" },
);

export const plugin = z.enum(PLUGINS, { error: `plugin must be one of ${PLUGINS.join(", ")}` });
export const name = z.string({ error: "name is required" }).superRefine((v, ctx) => {
    const p = nameProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: `name ${p}` });
});
export const basePath = z.string({ error: "base_path is required" }).superRefine((v, ctx) => {
    const p = basePathProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: `base_path '${v}' ${p}` });
});
export const href = z.string().regex(/^\/.*\/$/, "must be a Pulp href such as /pulp/api/v3/…/<id>/");
export const nullableHref = href.nullable().optional();
export const labels = z.record(z.string(), z.string()).optional();
export const common = { connection, adopt: z.boolean().optional() };

/** Flags plugin-specific fields given for a plugin that does not have them. */
export function pluginFieldIssues(
    ctx: z.RefinementCtx,
    v: Record<string, unknown> & { plugin: string },
    keys: readonly string[],
    fields: Record<string, unknown>,
    kind: string,
): void {
    for (const k of keys) {
        if (v[k] !== undefined && !(k in fields)) {
            ctx.addIssue({
                code: "custom",
                path: [k],
                message: `${k} is not a field of ${v.plugin} ${kind}`,
            });
        }
    }
}
