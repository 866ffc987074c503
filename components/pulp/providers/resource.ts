import * as pulumi from "@pulumi/pulumi";
import { PulpConnection } from "../client/connection";

/** Inputs every Pulp resource takes besides its own fields. */
export interface PulpResourceArgs {
    /** The server and its credentials; stored only as a secret. */
    readonly connection: pulumi.Input<PulpConnection>;
    /** Take over an existing object with the same natural key instead of failing. */
    readonly adopt?: pulumi.Input<boolean>;
}

/**
 * The provider stub of one kind (components/pulp/providers/stubs, installed into node_modules).
 * Each method loads the checkout's implementation when the engine calls it.
 */
export function stubFor(kind: string): pulumi.dynamic.ResourceProvider {
    return require(`release-train-pulp-stubs/${kind}`);
}

/**
 * The `__provider` value of a resource of one kind: a module whose `handler()` returns the stub,
 * which is how the SDK's dynamic-provider shim reads it (`requireFromString(s).handler()`).
 *
 * The engine rewrites the whole state after every step of an `up`, and the state holds this text
 * twice per resource (inputs and outputs). pulumi.dynamic.Resource would store the SDK's closure
 * serialization of the stub, about 330 bytes of wrapper around the same require(); this is 60-80.
 * State written either way runs the same stub, and diff never reads `__provider`, so older
 * stacks take the new text on their next `up` with no change to report (test/e2e/stub-migration).
 */
export function providerModule(kind: string): string {
    return `exports.handler = () => require("release-train-pulp-stubs/${kind}");`;
}

// One secret Output per connection: a program passes the same connection to thousands of resources.
const secretConnections = new WeakMap<object, pulumi.Output<PulpConnection>>();
function secretConnection(c: pulumi.Input<PulpConnection>): pulumi.Output<PulpConnection> {
    let s = secretConnections.get(c);
    if (!s) secretConnections.set(c, (s = pulumi.secret(c)));
    return s;
}

/**
 * Base of every Pulp object resource: type token `pulumi-nodejs:dynamic/pulp:<Type>`.
 *
 * The SDK makes an Output (four tracked promises) for every property a resource is constructed
 * with, set or not, and that is most of what a program of thousands of snapshots costs to build
 * (bench/construct.ts). So a resource is constructed with the inputs that are set, its `pulp_href`,
 * and only the outputs the program reads (`outputs`); the provider still returns everything else
 * (`observed`, `secret_digests`, …) into the state, where refresh and diff read it.
 */
export abstract class PulpResource extends pulumi.CustomResource {
    declare readonly pulp_href: pulumi.Output<string>;

    protected constructor(
        kind: string,
        type: string,
        name: string,
        args: PulpResourceArgs & Record<string, unknown>,
        opts?: pulumi.CustomResourceOptions,
        outputs: readonly string[] = [],
    ) {
        const props: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(args)) if (v !== undefined) props[k] = v;
        props.connection = secretConnection(args.connection);
        for (const k of ["pulp_href", ...outputs]) props[k] = undefined;
        props.__provider = providerModule(kind);
        // What pulumi.dynamic.Resource registers, with the shorter __provider: the pulumi-nodejs
        // package is the SDK's dynamic-provider shim.
        super(
            `pulumi-nodejs:dynamic/pulp:${type}`,
            name,
            props,
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret_digests"] }),
        );
    }
}
