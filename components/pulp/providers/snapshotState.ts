import { z } from "zod";
import type { Inputs } from "./crud";
import { distributionFields, VERSION_LABEL } from "./distribution";
import { canonical, desired, isUnknown, same, stableJson, UNKNOWN } from "./fields";
import { Plugin } from "./plugins";
import { publicationSpec } from "./publication";
import * as s from "./schema";

// What a snapshot is, as pure data: its inputs, what it holds on Pulp, and how the two compare.
// The provider (snapshot.ts) does the requests.

export type SnapshotInputs = Inputs & {
    plugin: Plugin;
    repository_version: string;
    name: string;
    base_path: string;
    content_guard?: string | null;
    private?: boolean;
    pulp_labels?: Record<string, string>;
    publication_options?: Record<string, unknown>;
};

/**
 * A Snapshot is constructed with its connection and everything else under `spec`: the SDK makes an
 * Output and four tracked promises for each property a resource is constructed with, and at
 * thousands of snapshots eight properties were most of what the program cost to build (and to
 * hold in memory). The provider's check puts the fields back at the top level, so what the engine
 * diffs, shows and stores is the same as before the spec existed.
 */
export function unpackSnapshot<T extends Record<string, unknown>>(news: T): T {
    const { spec, ...rest } = news;
    if (spec === null || typeof spec !== "object" || Array.isArray(spec)) return news;
    // A field at the top level wins: there the engine puts an old value that `ignoreChanges`
    // (which names fields as the state has them) keeps.
    return { ...versionOf(spec as Record<string, unknown>), ...rest } as T;
}

/**
 * `repository` and `version` stand for `repository_version` (SnapshotArgs): the repository's href
 * is one Output that all its snapshots share, where composing the version's href in the program
 * would make an Output per snapshot. Unknown while the repository is yet to be created, as the
 * composed href would be. Given beside `repository_version`, they stay for the schema to refuse.
 */
function versionOf(spec: Record<string, unknown>): Record<string, unknown> {
    if (!("repository" in spec) || "repository_version" in spec) return spec;
    const { repository, version, ...rest } = spec;
    const composed =
        isUnknown(repository) || isUnknown(version)
            ? UNKNOWN
            : `${String(repository)}versions/${String(version)}/`;
    return { ...rest, repository_version: composed };
}

/** The publication a snapshot serves: null href once it is gone; the options it was published with. */
export type Published = { href: string | null; options: Record<string, unknown> };

export type SnapshotOutputs = SnapshotInputs & {
    /** The distribution. The engine's id stays the first one's; after a repair this is the new one. */
    pulp_href: string;
    /** The distribution's managed fields as Pulp holds them; null once it is gone. */
    observed: Record<string, unknown> | null;
    /** Null for containers, which are served from the repository version itself. */
    published: Published | null;
};

export const publishes = (plugin: string) => plugin !== "container";

const VERSION_HREF = /\/versions\/(\d+)\/$/;
/** Inputs the snapshot sets on its publication itself; options may not. */
const OWN_PUBLICATION_KEYS = ["connection", "adopt", "plugin", "repository", "repository_version"];

export const snapshotSchema = z
    .object({
        connection: s.connection,
        plugin: s.plugin,
        repository_version: s.href.regex(
            VERSION_HREF,
            "must be a repository version: <repository>versions/<n>/",
        ),
        name: s.name,
        base_path: s.basePath,
        content_guard: s.nullableHref,
        private: z.boolean().optional(),
        pulp_labels: s.labels,
        publication_options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
        if (v.private !== undefined && publishes(v.plugin))
            ctx.addIssue({
                code: "custom",
                path: ["private"],
                message: `private applies to container snapshots only (${v.plugin}: a content guard)`,
            });
        const options = v.publication_options;
        if (options === undefined || isUnknown(options)) return;
        const issue = (key: string, message: string) =>
            ctx.addIssue({ code: "custom", path: ["publication_options", key], message });
        if (!publishes(v.plugin)) {
            ctx.addIssue({
                code: "custom",
                path: ["publication_options"],
                message: "containers are served from the repository version and have no publication",
            });
            return;
        }
        // `verbatim` picks the kind of deb publication (publication.ts), so it is always an option.
        const fields = publicationSpec.fields({ plugin: v.plugin, verbatim: options.verbatim } as never);
        for (const k of Object.keys(options)) {
            if (OWN_PUBLICATION_KEYS.includes(k)) issue(k, `${k} is set by the snapshot itself`);
            else if (k !== "verbatim" && !(k in fields))
                issue(
                    k,
                    `${k} is not a field of ${options.verbatim ? "verbatim " : ""}${v.plugin} publications`,
                );
        }
        // The value rules are the Publication kind's own.
        const r = publicationSpec.schema.safeParse({
            connection: v.connection,
            plugin: v.plugin,
            repository_version: v.repository_version,
            ...options,
        });
        for (const i of r.error?.issues ?? []) {
            const key = String(i.path[0] ?? "");
            if (key in options && !OWN_PUBLICATION_KEYS.includes(key)) issue(key, i.message);
        }
    });

/**
 * State as any version wrote it. Before a snapshot was one resource, it was a ReleaseSnapshot
 * component with a Publication and a Distribution; the Snapshot took the Distribution's state over
 * through an alias, and with it the publication that distribution serves (published with Pulp's
 * defaults: the old component passed no options).
 */
export function current(state: Record<string, unknown>): SnapshotOutputs {
    if (!isLegacy(state)) return state as SnapshotOutputs;
    const observed = (state.observed ?? {}) as Record<string, unknown>;
    const href = (observed.publication ?? state.publication ?? null) as string | null;
    return {
        ...state,
        observed,
        published: publishes(String(state.plugin)) ? { href, options: {} } : null,
    } as SnapshotOutputs;
}

export const isLegacy = (state: Record<string, unknown>) => !("published" in state);

const versionNumber = (href: unknown) =>
    typeof href === "string" ? VERSION_HREF.exec(href)?.[1] : undefined;

/** A snapshot is one repository version forever: the reason a change would re-point it, else undefined. */
export function refusal(olds: SnapshotOutputs, news: SnapshotInputs): string | undefined {
    const oldLabel = olds.pulp_labels?.[VERSION_LABEL];
    const newNumber = versionNumber(news.repository_version) ?? news.pulp_labels?.[VERSION_LABEL];
    // Legacy publication-based state knows its version only from its label.
    const moved =
        olds.repository_version !== undefined
            ? olds.repository_version !== news.repository_version
            : oldLabel !== undefined && newNumber !== undefined && oldLabel !== newNumber;
    if (!moved) return undefined;
    const was = versionNumber(olds.repository_version) ?? oldLabel ?? "?";
    const to = isUnknown(news.repository_version)
        ? "a version not known until its repository is replaced"
        : newNumber === was
          ? `version ${newNumber} of another repository`
          : `version ${newNumber ?? "?"}`;
    return (
        `snapshot '${news.name}' is immutable: it serves repository version ${was} and cannot be ` +
        `re-pointed to ${to}: record a new snapshot instead`
    );
}

/** The distribution a snapshot wants, serving `publication` (or, for containers, its version). */
export function distributionBody(news: SnapshotInputs, publication: string | null): Record<string, unknown> {
    return {
        name: news.name,
        base_path: news.base_path,
        content_guard: news.content_guard,
        pulp_labels: news.pulp_labels ?? {},
        ...(publishes(news.plugin)
            ? { publication }
            : { repository_version: news.repository_version, private: news.private }),
    };
}

/** Distribution fields whose wanted value differs from what Pulp holds (defaults included). */
export function changedFields(
    plugin: Plugin,
    body: Record<string, unknown>,
    observed: Record<string, unknown>,
): string[] {
    return Object.entries(distributionFields(plugin))
        .filter(([f, spec]) => {
            const want = desired(spec, body[f]);
            return want !== undefined && !same(want, observed[f]);
        })
        .map(([f]) => f);
}

/** The PATCH body for the changed fields: a field left out goes back to Pulp's default. */
export function patchBody(plugin: Plugin, body: Record<string, unknown>, changed: string[]) {
    const fields = distributionFields(plugin);
    return Object.fromEntries(changed.map((f) => [f, body[f] !== undefined ? body[f] : fields[f].default]));
}

/** What Pulp holds after it accepted `body` (on create) or the changed fields of it (on PATCH). */
export function expected(plugin: Plugin, body: Record<string, unknown>, only?: string[]) {
    const out: Record<string, unknown> = {};
    for (const [f, spec] of Object.entries(distributionFields(plugin))) {
        if (only && !only.includes(f)) continue;
        const v = desired(spec, body[f]);
        if (v !== undefined) out[f] = v;
    }
    return out;
}

/** The managed fields of a distribution read from Pulp. */
export function observe(plugin: Plugin, obj: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [f, spec] of Object.entries(distributionFields(plugin)))
        if (f in obj) out[f] = canonical(spec, obj[f]);
    return out;
}

/**
 * Why the snapshot needs an update (empty: it needs none). Publication options are not compared:
 * they apply when a snapshot is published, and what an existing snapshot serves never changes.
 */
export function pendingChanges(raw: Record<string, unknown>, news: SnapshotInputs): string[] {
    const olds = current(raw);
    const why: string[] = [];
    if (isLegacy(raw)) why.push("state from before snapshots were one resource");
    if (publishes(news.plugin) && !olds.published?.href) why.push("publication");
    if (olds.observed === null) why.push("distribution");
    else {
        const body = distributionBody(news, olds.published?.href ?? null);
        why.push(...changedFields(news.plugin, body, olds.observed));
    }
    if (stableJson(olds.connection) !== stableJson(news.connection)) why.push("connection");
    return why;
}
