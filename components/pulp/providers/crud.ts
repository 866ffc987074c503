import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PulpConnection } from "../client/connection";
import { PulpError } from "../client/errors";
import { Params, PulpClient } from "../client/http";
import { clientFor, connectionIdentity } from "./clients";
import { alreadyExists, goneFromPulp } from "./refusals";
import { canonical, desired, digestMatches, FieldTable, isUnknown, same, secretDigest } from "./fields";

export type Inputs = Record<string, unknown> & { connection: PulpConnection; adopt?: boolean };
export type Outputs = Inputs & {
    pulp_href: string;
    observed: Record<string, unknown>;
    /** Digests of the write-only values set; absent when none is (most objects). */
    secret_digests?: Record<string, string>;
};
export type PulpObject = Record<string, unknown> & { pulp_href: string };

/** What one Pulp object kind needs beyond the generic create/patch/delete cycle. */
export interface KindSpec {
    /** Used in messages, e.g. "rpm repository". */
    describe(inputs: Inputs): string;
    /** List/create endpoint under the API root, e.g. "repositories/rpm/rpm/". */
    endpoint(inputs: Inputs): string;
    fields(inputs: Inputs): FieldTable;
    /** Input schema (Pulp field names); unknown fields are rejected. */
    schema: z.ZodType;
    /** Inputs that are not Pulp fields but select the kind; changing them replaces. */
    replaceKeys?: string[];
    /** Natural key for adoption and duplicate detection, e.g. {name}. */
    naturalKey?(inputs: Inputs): Params | undefined;
    /** Publications: no PATCH at all, every change replaces. */
    immutable?: boolean;
    /**
     * Extra reconciliation after create/update (roles, members); returns extra observed values.
     * `created`: the object was just made by this provider, so it holds nothing beyond Pulp's defaults.
     */
    reconcile?(
        client: PulpClient,
        href: string,
        inputs: Inputs,
        olds?: Outputs,
        created?: boolean,
    ): Promise<Record<string, unknown>>;
    /** Reads what reconcile manages, for refresh. */
    observeExtra?(client: PulpClient, obj: PulpObject, inputs: Inputs): Promise<Record<string, unknown>>;
    /** Extra observed keys compared in diff (managed by reconcile). */
    extraKeys?: string[];
    /** Derives Pulp fields from convenience inputs at check time (e.g. sync_policy → a label). */
    prepare?(inputs: Inputs): Inputs;
    /** A change this kind must never make (e.g. re-pointing an immutable snapshot): the reason, which fails the preview. */
    refuse?(olds: Outputs, news: Inputs): string | undefined;
    /** Pick the href a create task produced. */
    hrefPattern?: RegExp;
}

type Failure = { property: string; reason: string };

export { clientFor } from "./clients";

/** The dynamic-provider methods for one kind, over the Pulp client. */
export function crudProvider(spec: KindSpec): pulumi.dynamic.ResourceProvider {
    const client = (i: Inputs) => clientFor(i.connection);

    const managedDiff = (olds: Outputs, news: Inputs) => {
        const fields = spec.fields(news);
        const changed: string[] = [];
        for (const [f, s] of Object.entries(fields)) {
            if (s.writeOnly) {
                const v = news[f];
                const had = olds.secret_digests?.[f];
                if (
                    typeof v === "string" && v !== ""
                        ? !digestMatches(v, had)
                        : had !== undefined && v !== undefined
                ) {
                    changed.push(f);
                }
                continue;
            }
            const d = desired(s, news[f]);
            if (d !== undefined && !same(d, olds.observed?.[f])) changed.push(f);
        }
        for (const k of spec.extraKeys ?? []) {
            if (news[k] !== undefined && !same(canonicalExtra(news[k]), olds.observed?.[k])) changed.push(k);
        }
        return changed;
    };

    const bodyFor = (inputs: Inputs, only?: string[]) => {
        const fields = spec.fields(inputs);
        const body: Record<string, unknown> = {};
        for (const [f, s] of Object.entries(fields)) {
            if (only && !only.includes(f)) continue;
            if (s.writeOnly) {
                if (inputs[f] !== undefined) body[f] = inputs[f] === "" ? null : inputs[f];
                else if (only) body[f] = null;
                continue;
            }
            const v = inputs[f] !== undefined ? inputs[f] : only ? s.default : undefined;
            if (v !== undefined) body[f] = v;
        }
        return body;
    };

    const outputs = async (obj: PulpObject, inputs: Inputs, olds?: Outputs, extra = {}): Promise<Outputs> => {
        const fields = spec.fields(inputs);
        const observed: Record<string, unknown> = { ...extra };
        const digests: Record<string, string> = {};
        for (const [f, s] of Object.entries(fields)) {
            if (s.writeOnly) {
                const v = inputs[f];
                if (typeof v === "string" && v !== "") {
                    const had = olds?.secret_digests?.[f];
                    digests[f] = digestMatches(v, had) ? had! : secretDigest(v);
                }
                continue;
            }
            if (f in obj) observed[f] = canonical(s, obj[f]);
        }
        const plain = { ...inputs };
        for (const [f, s] of Object.entries(fields)) if (s.writeOnly) delete plain[f];
        // Every step of an `up` rewrites the whole state: an empty secret costs each object a
        // ciphertext there and an encryption per write.
        const secret = Object.keys(digests).length ? { secret_digests: digests } : {};
        return { ...plain, pulp_href: obj.pulp_href, observed, ...secret } as Outputs;
    };

    const createdHref = (task: { created_resources?: string[] } | undefined, inputs: Inputs): string => {
        const prefix = client(inputs).url(spec.endpoint(inputs));
        const hrefs = task?.created_resources ?? [];
        const hit = hrefs.find((h) => (spec.hrefPattern ? spec.hrefPattern.test(h) : h.startsWith(prefix)));
        if (!hit)
            throw new PulpError(
                `Pulp created no ${spec.describe(inputs)} (task resources: ${hrefs.join(", ")})`,
                "POST",
                prefix,
            );
        return hit;
    };

    return {
        async check(_olds: Inputs, raw: Inputs) {
            const failures = validate(spec, raw);
            if (failures.length) return { inputs: raw, failures };
            return { inputs: spec.prepare ? spec.prepare(raw) : raw };
        },

        async diff(_id: string, olds: Outputs, news: Inputs) {
            const refusal = spec.refuse?.(olds, news);
            if (refusal) throw new Error(refusal);
            const replaces = (spec.replaceKeys ?? []).filter((k) => !same(olds[k], news[k]));
            const changed = managedDiff(olds, news);
            const fields = spec.fields(news);
            for (const f of changed) if (spec.immutable || fields[f]?.replace) replaces.push(f);
            const connectionMoved =
                connectionIdentity(olds.connection) !== connectionIdentity(news.connection);
            return {
                changes: changed.length > 0 || replaces.length > 0 || connectionMoved,
                replaces: [...new Set(replaces)],
                deleteBeforeReplace: replaces.some((k) => fields[k]?.replace && k !== "repository_version"),
            };
        },

        async create(inputs: Inputs) {
            const c = client(inputs);
            const endpoint = spec.endpoint(inputs);
            const key = spec.naturalKey?.(inputs);
            // Only adoption looks first; otherwise Pulp's own uniqueness check answers (one request).
            if (key && inputs.adopt) {
                const existing = await c.findOne<PulpObject>(endpoint, key);
                if (existing) return { id: existing.pulp_href, outs: await adoptInto(c, existing, inputs) };
            }
            const body = bodyFor(inputs);
            let r;
            try {
                r = await c.write<PulpObject>("POST", endpoint, body, `creating ${spec.describe(inputs)}`);
            } catch (e) {
                throw key ? await alreadyExists(c, e, endpoint, key, spec.describe(inputs)) : e;
            }
            // A task-created object is what we sent on top of Pulp's defaults: no second read.
            const href = r.task ? createdHref(r.task, inputs) : r.data.pulp_href;
            const obj = r.task ? { ...defaultsOf(spec.fields(inputs)), ...body, pulp_href: href } : r.data;
            const extra = spec.reconcile ? await spec.reconcile(c, href, inputs, undefined, true) : {};
            return { id: href, outs: await outputs(obj, inputs, undefined, extra) };
        },

        async update(id: string, olds: Outputs, news: Inputs) {
            const c = client(news);
            const changed = managedDiff(olds, news).filter((f) => !(spec.extraKeys ?? []).includes(f));
            try {
                // What Pulp holds after a successful PATCH is what it held plus what we sent: no re-read
                // (promotion flips thousands of guards; refresh still reads the real object).
                let obj: PulpObject = { ...olds.observed, pulp_href: id };
                if (changed.length) {
                    const body = bodyFor(news, changed);
                    const r = await c.write<PulpObject>("PATCH", id, body, `updating ${spec.describe(news)}`);
                    obj = r.task ? { ...obj, ...body } : r.data;
                }
                const extra = spec.reconcile ? await spec.reconcile(c, id, news, olds) : {};
                return { outs: await outputs(obj, news, olds, extra) };
            } catch (e) {
                // A 404 may name a missing member or role; only the object itself missing means stale state.
                const gone =
                    e instanceof PulpError && e.notFound && !(await c.getOrUndefined(id).catch(() => 1));
                throw gone ? goneFromPulp(e as PulpError, id, spec.describe(news), c.conn.baseUrl) : e;
            }
        },

        async read(id: string, props: Outputs) {
            const c = client(props);
            const obj = await c.getOrUndefined<PulpObject>(id);
            // An empty id tells the engine the object is gone.
            if (!obj) return { id: "", props: {} };
            const extra = spec.observeExtra ? await spec.observeExtra(c, obj, props) : {};
            const outs = await outputs(obj, props, props, extra);
            const digests = { ...props.secret_digests };
            // hidden_fields says whether a write-only value is set at all: catches one cleared outside Pulumi.
            for (const h of (obj.hidden_fields as { name: string; is_set: boolean }[] | undefined) ?? []) {
                if (!h.is_set) delete digests[h.name];
                else if (!digests[h.name]) digests[h.name] = "set-outside-pulumi";
            }
            // State written before empty digests were left out keeps its `{}`: no refresh change.
            if (Object.keys(digests).length || props.secret_digests) outs.secret_digests = digests;
            else delete outs.secret_digests;
            return { id, props: outs };
        },

        async delete(id: string, props: Outputs) {
            await client(props).delete(id, `deleting ${spec.describe(props)}`);
        },
    };

    async function adoptInto(c: PulpClient, existing: PulpObject, inputs: Inputs): Promise<Outputs> {
        // Write-only values cannot be read back: an adopted object gets them set from the program.
        const base = {
            observed: await observe(c, existing, inputs),
            secret_digests: {},
        } as unknown as Outputs;
        const changed = managedDiff(base, inputs).filter((f) => !(spec.extraKeys ?? []).includes(f));
        let obj = existing;
        if (changed.length) {
            const body = bodyFor(inputs, changed);
            const r = await c.write<PulpObject>(
                "PATCH",
                existing.pulp_href,
                body,
                `adopting ${spec.describe(inputs)}`,
            );
            obj = r.task ? { ...existing, ...body } : r.data;
        }
        const extra = spec.reconcile ? await spec.reconcile(c, existing.pulp_href, inputs) : {};
        return outputs(obj, inputs, undefined, extra);
    }

    async function observe(c: PulpClient, obj: PulpObject, inputs: Inputs) {
        const o: Record<string, unknown> = {};
        for (const [f, s] of Object.entries(spec.fields(inputs)))
            if (!s.writeOnly && f in obj) o[f] = canonical(s, obj[f]);
        return { ...o, ...(spec.observeExtra ? await spec.observeExtra(c, obj, inputs) : {}) };
    }
}

/** Pulp's value of every field that has a known default. */
function defaultsOf(fields: FieldTable): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [f, s] of Object.entries(fields))
        if (s.default !== undefined && !s.writeOnly) out[f] = s.default;
    return out;
}

export function canonicalExtra(v: unknown): unknown {
    return Array.isArray(v) ? [...v].map(String).sort() : v;
}

/** The connection (it holds the password) and the write-only fields: never echoed by the engine. */
function secretKeys(spec: KindSpec, news: Inputs): Set<string> {
    const keys = new Set(["connection"]);
    try {
        for (const [f, s] of Object.entries(spec.fields?.(news) ?? {})) if (s.writeOnly) keys.add(f);
    } catch {
        // Inputs too malformed to pick a field table: the schema failures say why.
    }
    return keys;
}

/**
 * Schema failures as the engine wants them, naming the field; values unknown at preview pass.
 * The engine prints the value of a failure's property beside it ("property p value v has a
 * problem"), in plain text even when it is a secret: a failure on a secret field names the
 * field in its reason instead, with no property.
 */
export function validate(spec: KindSpec, news: Inputs): Failure[] {
    const unknownKeys = new Set(Object.keys(news).filter((k) => isUnknown(news[k])));
    // The engine's own keys (the serialized __provider) are not inputs to validate.
    const own = Object.fromEntries(Object.entries(news).filter(([k]) => !k.startsWith("__")));
    const r = spec.schema.safeParse(own);
    if (r.success) return [];
    const secret = secretKeys(spec, news);
    return r.error.issues
        .filter((i) => !unknownKeys.has(String(i.path[0])))
        .map((i) => {
            const keys = i.code === "unrecognized_keys" ? (i as { keys: string[] }).keys : [];
            const property = keys.length ? keys.join(", ") : i.path.join(".") || "(inputs)";
            const key = String(i.path[0]);
            if (secret.has(key) && news[key] !== undefined)
                return { property: "", reason: `${property}: ${i.message}` };
            return { property, reason: i.message };
        });
}
