import * as crypto from "crypto";

/** How one Pulp field behaves in diffs. */
export interface FieldSpec {
    /** Pulp's value when the field is not given; absent means "unmanaged unless given". */
    readonly default?: unknown;
    /** Changing it means a new object (Pulp cannot PATCH it). */
    readonly replace?: boolean;
    /** Never returned by Pulp (passwords, keys): compared through a salted hash kept in state. */
    readonly writeOnly?: boolean;
    /** Canonical form, applied to both sides before comparing. */
    readonly normalize?: (v: unknown) => unknown;
}

export type FieldTable = Readonly<Record<string, FieldSpec>>;

/** The engine passes this for values not known until apply (pulumi/pulumi#6310). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(isUnknown);
    if (v && typeof v === "object") return Object.values(v).some(isUnknown);
    return false;
}

/** Pulp stores only the certificate blocks, joined by newlines, with a trailing newline. */
export function normalizeCerts(v: unknown): unknown {
    if (typeof v !== "string" || v === "") return v === "" ? null : v;
    const blocks = v.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
    return blocks ? blocks.map((b) => b.trim()).join("\n") + "\n" : v;
}

/** pulp_rpm keeps osv_config inside pulp_labels; that key is not ours to diff. */
export function normalizeLabels(v: unknown): unknown {
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries((v ?? {}) as Record<string, string>)) {
        if (k !== "osv.rpm.config") out[k] = x;
    }
    return out;
}

export const sortedList = (v: unknown) => (Array.isArray(v) ? [...v].map(String).sort() : (v ?? null));

/** The value a field should have: the input, else Pulp's default, else unmanaged (undefined). */
export function desired(spec: FieldSpec, input: unknown): unknown {
    const v = input === undefined ? spec.default : input;
    return v === undefined ? undefined : canonical(spec, v);
}

export function canonical(spec: FieldSpec, v: unknown): unknown {
    const n = spec.normalize ? spec.normalize(v) : v;
    return n === undefined ? null : n;
}

export function same(a: unknown, b: unknown): boolean {
    return stableJson(a) === stableJson(b);
}

export function stableJson(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
    if (v && typeof v === "object") {
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(v ?? null);
}

/**
 * A salted scrypt digest of a write-only value, kept in state instead of the value itself so the
 * next run can tell whether the secret changed without Pulp ever returning it.
 */
export function secretDigest(value: string, salt?: string): string {
    const s = salt ?? crypto.randomBytes(12).toString("base64");
    const h = crypto.scryptSync(value, s, 24, { N: 4096 }).toString("base64");
    return `scrypt$${s}$${h}`;
}

export function digestMatches(value: string, digest: string | undefined): boolean {
    if (!digest) return false;
    const [, salt] = digest.split("$");
    return secretDigest(value, salt) === digest;
}
