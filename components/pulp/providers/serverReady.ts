import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { apiPrefix, PulpConnection } from "../client/connection";
import { waitUntilReady } from "../client/status";
import { Inputs, Outputs, validate } from "./crud";
import { same, stableJson } from "./fields";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

/**
 * A Pulp server being ready, as a resource: creating it waits until the server's status says it can
 * serve, so every resource that talks to the server (through `gate`) waits too. Replaced when its
 * trigger changes (a new container), so an upgrade waits for the new server and its migrations.
 */
const schema = z
    .object({
        ...s.common,
        timeout_seconds: z
            .number()
            .int()
            .min(1, "timeout_seconds must be at least 1")
            .max(86_400, "timeout_seconds must be at most a day"),
        min_workers: z.number().int().min(0).optional(),
        min_content_apps: z.number().int().min(0).optional(),
        /** Any value whose change means "a new server: wait for it again" (e.g. the container's id). */
        trigger: z.string().optional(),
    })
    .strict();

const statusUrl = (c: PulpConnection) => `${c.baseUrl.replace(/\/+$/, "")}${apiPrefix(c)}status/`;

async function ready(inputs: Inputs) {
    const versions = await waitUntilReady(inputs.connection, inputs.timeout_seconds as number, {
        minWorkers: inputs.min_workers as number | undefined,
        minContentApps: inputs.min_content_apps as number | undefined,
    });
    return { ...inputs, pulp_href: statusUrl(inputs.connection), observed: { versions } };
}

export const serverReadyProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Inputs, news: Inputs) {
        const failures = validate({ schema } as never, news);
        return failures.length ? { inputs: news, failures } : { inputs: news };
    },

    async diff(_id: string, olds: Outputs, news: Inputs) {
        const replaces = same(olds.trigger ?? null, news.trigger ?? null) ? [] : ["trigger"];
        const changed = ["timeout_seconds", "min_workers", "min_content_apps"].some(
            (k) => !same(olds[k] ?? null, news[k] ?? null),
        );
        const moved = stableJson(olds.connection) !== stableJson(news.connection);
        return { changes: replaces.length > 0 || changed || moved, replaces, deleteBeforeReplace: false };
    },

    async create(inputs: Inputs) {
        const outs = await ready(inputs);
        return { id: outs.pulp_href, outs };
    },

    // A new address, password or requirement: the server must be ready on those terms too.
    async update(_id: string, _olds: Outputs, news: Inputs) {
        return { outs: await ready(news) };
    },

    async read(id: string, props: Outputs) {
        // Refresh sees a server upgraded or downgraded outside Pulumi through its versions; a server
        // that is down fails the refresh soon rather than after the whole start-up allowance.
        const outs = await ready({
            ...props,
            timeout_seconds: Math.min(props.timeout_seconds as number, 30),
        });
        return { id, props: { ...props, observed: outs.observed } };
    },

    async delete() {
        // Nothing to remove: readiness is an observation, not an object on the server.
    },
};

export interface PulpServerReadyArgs extends Omit<PulpResourceArgs, "adopt"> {
    /** How long a server may take to come up (migrations after an upgrade take minutes). */
    readonly timeout_seconds: pulumi.Input<number>;
    readonly min_workers?: pulumi.Input<number>;
    readonly min_content_apps?: pulumi.Input<number>;
    readonly trigger?: pulumi.Input<string>;
}

/** Waits, on create, until a Pulp server can serve; `observed.versions` are its component versions. */
export class PulpServerReady extends PulpResource {
    declare readonly observed: pulumi.Output<{ versions?: Record<string, string> } | undefined>;
    constructor(name: string, args: PulpServerReadyArgs, opts?: pulumi.CustomResourceOptions) {
        super("serverReady", "ServerReady", name, { ...args }, opts, ["observed"]);
    }

    /**
     * `value` once the server is ready: resources given it wait for the server. It hangs on the URN,
     * which the engine answers only once the resource's step is done, and which a preview knows:
     * replacing this resource (an upgrade) leaves the gated value known, so the Pulp objects behind
     * it show no change in the preview.
     */
    gate<T>(value: pulumi.Input<T>): pulumi.Output<T> {
        return pulumi.all([this.urn, value]).apply(([, v]) => v as T);
    }
}
