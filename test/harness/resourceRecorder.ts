import * as pulumi from "@pulumi/pulumi";
import { unpackSnapshot } from "../../components/pulp/providers/snapshotState";

/**
 * The inputs the engine would store: a Snapshot is registered with its fields under `spec`, and
 * the engine stores what its provider's check returns, the fields at the top level. Mocks have no
 * check, so they apply the same function.
 */
function checked(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    return type === "pulumi-nodejs:dynamic/pulp:Snapshot" ? unpackSnapshot(inputs) : inputs;
}

/** A resource as its component declared it: type, name, parent's name and the plain inputs. */
export interface Recorded {
    type: string;
    name: string;
    parent?: string;
    props: Record<string, unknown>;
}

/**
 * Installs mocks for providers that cannot run here (github, tls, docker) and returns what they
 * saw registered. Every resource gets its name as id and echoes its inputs, plus a node id.
 */
export async function installMocks(stack = "unit"): Promise<{ type: string; name: string }[]> {
    const seen: { type: string; name: string }[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                seen.push({ type: a.type, name: a.name });
                return {
                    id: `${a.name}-id`,
                    state: { ...checked(a.type, a.inputs), nodeId: `node-${a.name}` },
                };
            },
            call: (a) => {
                throw new Error(`unexpected invoke ${a.token}`);
            },
        },
        "release-train",
        stack,
        false,
    );
    return seen;
}

/**
 * A transformation that records every resource in a component tree with its parent. Parents are
 * constructed before their children, so the parent's name is always known by then.
 */
export function resourceRecorder(): { records: Recorded[]; transformation: pulumi.ResourceTransformation } {
    const names = new WeakMap<pulumi.Resource, string>();
    const records: Recorded[] = [];
    const transformation: pulumi.ResourceTransformation = (args) => {
        names.set(args.resource, args.name);
        records.push({
            type: args.type,
            name: args.name,
            parent: args.opts.parent ? names.get(args.opts.parent) : undefined,
            props: args.props as Record<string, unknown>,
        });
        return undefined;
    };
    return { records, transformation };
}

/** A resource as the mock engine saw it registered, with its (plain) inputs. */
export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

/**
 * Mocks in which every resource answers like a Pulp object (a `pulp_href` id echoing its inputs)
 * and records what was registered, for programs whose outputs feed other Pulp resources.
 */
export async function installPulpMocks(): Promise<Registered[]> {
    const registered: Registered[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                const inputs = checked(a.type, a.inputs);
                registered.push({ type: a.type, name: a.name, inputs });
                const href = `/pulp/api/v3/mock/${a.name}/`;
                return { id: href, state: { ...inputs, pulp_href: href } };
            },
            call: (a) => {
                throw new Error(`unexpected invoke ${a.token}`);
            },
        },
        "release-train",
        "unit",
        false,
    );
    return registered;
}
