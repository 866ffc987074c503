import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PulpError } from "../client/errors";
import { PulpClient } from "../client/http";
import { clientFor, Inputs, Outputs, validate } from "./crud";
import { same, stableJson } from "./fields";
import { Plugin } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

/**
 * One sync of a repository from a remote, as a resource: created (and re-created) when what it
 * syncs changes, it records the repository version the sync produced, so a publication can be made
 * of exactly that version. Deleting it deletes that version unless something still needs it (see
 * releaseVersion), so a client site keeps the versions of its pinned snapshots and no others.
 */
const schema = z
    .object({
        ...s.common,
        plugin: s.plugin,
        repository: s.href,
        remote: s.href,
        /** rpm: Pulp's sync_policy; the others: mirror (true = the repository becomes exactly the remote's content). */
        sync_policy: z.enum(["additive", "mirror_complete", "mirror_content_only"]).optional(),
        mirror: z.boolean().optional(),
        /** Any value whose change means "sync again" (e.g. the remote's URL). */
        trigger: z.string().optional(),
        /** How messages name this sync, e.g. "local_rpms snapshot 20261125T101500". */
        label: z.string().optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
        if (v.sync_policy && v.plugin !== "rpm")
            ctx.addIssue({
                code: "custom",
                path: ["sync_policy"],
                message: "sync_policy applies to rpm only (others: mirror)",
            });
        if (v.mirror !== undefined && v.plugin === "rpm")
            ctx.addIssue({
                code: "custom",
                path: ["mirror"],
                message: "rpm syncs take sync_policy, not mirror",
            });
    });

/** Inputs whose change means a new sync; the connection (e.g. a rotated password) does not. */
const KEYS = ["plugin", "repository", "remote", "sync_policy", "mirror", "trigger"];

/**
 * What an upstream's refusal usually means, in the remote's own terms, so the operator knows which
 * field to check. Pulp passes on the HTTP client's error text, e.g. "403, message='Forbidden', url=…".
 */
export function syncFailureCause(description: string): string | undefined {
    if (/certificate verify failed|CERTIFICATE_VERIFY_FAILED/i.test(description))
        return "the upstream's server certificate is not trusted: check the remote's ca_cert";
    if (/\b400\b.*Bad Request/i.test(description))
        return "the upstream refused the request; behind a TLS front that means the remote's client certificate is missing, expired, revoked or not signed by the CA the front trusts";
    if (/\b401\b/.test(description)) return "the upstream refused the remote's username/password";
    if (/\b403\b/.test(description))
        return "the upstream refused access: a wrong username/password, or these credentials may not read this path (content not released to them)";
    if (/\b404\b/.test(description))
        return "nothing at that URL upstream: a wrong URL, or content not published there";
    if (/Cannot connect|Connection refused|Name or service not known|ClientConnector/i.test(description))
        return "the upstream cannot be reached from the Pulp worker: check the URL and proxy_url";
    return undefined;
}

export const repositorySyncProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        const failures = validate({ schema } as never, news);
        return failures.length ? { inputs: news, failures } : { inputs: news };
    },

    async diff(_id: string, olds: Outputs, news: Inputs) {
        const replaces = KEYS.filter((k) => !same(olds[k] ?? null, news[k] ?? null));
        const moved =
            stableJson(olds.connection) !== stableJson(news.connection) || olds.label !== news.label;
        return { changes: replaces.length > 0 || moved, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const c = clientFor(inputs.connection);
        const body: Record<string, unknown> = { remote: inputs.remote };
        if (inputs.sync_policy !== undefined) body.sync_policy = inputs.sync_policy;
        if (inputs.mirror !== undefined) body.mirror = inputs.mirror;
        const what = `syncing ${inputs.label ?? inputs.repository}`;
        let task;
        try {
            task = (await c.write("POST", `${inputs.repository}sync/`, body, what)).task;
        } catch (e) {
            if (!(e instanceof PulpError) || e.method !== "TASK") throw e;
            const remote = await c.getOrUndefined<{ name: string; url: string }>(inputs.remote as string);
            const cause = syncFailureCause(e.message);
            throw new PulpError(
                `${what} from ${remote ? `remote '${remote.name}' (${remote.url})` : inputs.remote} failed` +
                    (cause ? `: ${cause}` : "") +
                    `. ${e.message}`,
                "TASK",
                e.href,
            );
        }
        // A sync that changes nothing makes no version: the repository's latest is then the content.
        let version = task?.created_resources?.find((h) => /\/versions\/\d+\/$/.test(h));
        if (!version) {
            const repo = await c.get<{ latest_version_href: string }>(inputs.repository as string);
            version = repo.latest_version_href;
        }
        // A file mirror sync publishes the version itself: that publication goes with the version.
        const sync_publications = (task?.created_resources ?? []).filter((h) => /\/publications\//.test(h));
        return {
            id: version,
            outs: { ...inputs, pulp_href: version, repository_version: version, sync_publications },
        };
    },

    async update(_id: string, _olds: Outputs, news: Inputs) {
        // Only the connection or label moved (anything else replaces): nothing to do on Pulp.
        return { outs: { ..._olds, ...news, repository_version: _olds.repository_version } };
    },

    async read(id: string, props: Outputs) {
        const v = await clientFor(props.connection).getOrUndefined<{ pulp_href: string }>(id);
        // The version is gone (deleted by hand, or by retention): sync again on the next up.
        return v ? { id, props } : { id: "", props: {} };
    },

    async delete(id: string, props: Outputs) {
        const own = (props.sync_publications as string[] | undefined) ?? [];
        await releaseVersion(clientFor(props.connection), id, own, props.label as string | undefined);
    },
};

/**
 * Deletes a version a sync recorded, once nothing needs it. Kept: version 0; the repository's latest
 * (its current content, which the next mirror sync starts from, perhaps recorded by another sync
 * that changed nothing); a version with a publication other than those the sync itself made
 * (deleting the version would take that publication, perhaps another sync's, with it); and a
 * version a distribution serves, which Pulp itself refuses to delete. The content it alone held
 * becomes orphaned, for Pulp's orphan cleanup to remove.
 */
async function releaseVersion(
    c: PulpClient,
    href: string,
    ownPublications: string[],
    label?: string,
): Promise<void> {
    const version = await c.getOrUndefined<{ number: number; repository: string }>(href);
    if (!version || version.number === 0) return;
    const repo = await c.getOrUndefined<{ latest_version_href: string }>(version.repository);
    if (!repo || repo.latest_version_href === href) return;
    const publications = await c.list<{ pulp_href: string }>("publications/", {
        repository_version: href,
        fields: "pulp_href",
    });
    if (publications.some((p) => !ownPublications.includes(p.pulp_href))) return;
    try {
        await c.delete(
            href,
            `deleting repository version ${href}${label ? `, made by syncing ${label}` : ""}`,
        );
    } catch (e) {
        if (e instanceof PulpError && e.status === 400 && /being used to distribute/.test(e.message)) return;
        throw e;
    }
}

export interface RepositorySyncArgs extends PulpResourceArgs {
    readonly plugin: pulumi.Input<Plugin>;
    readonly repository: pulumi.Input<string>;
    readonly remote: pulumi.Input<string>;
    readonly sync_policy?: pulumi.Input<"additive" | "mirror_complete" | "mirror_content_only">;
    readonly mirror?: pulumi.Input<boolean>;
    readonly trigger?: pulumi.Input<string>;
    readonly label?: pulumi.Input<string>;
}

/** A repository synced from a remote; `repository_version` is what the sync produced. */
export class RepositorySync extends PulpResource {
    declare readonly repository_version: pulumi.Output<string>;
    constructor(name: string, args: RepositorySyncArgs, opts?: pulumi.CustomResourceOptions) {
        super("repositorySync", "RepositorySync", name, { ...args }, opts, ["repository_version"]);
    }
}
