import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { KindSpec } from "./crud";
import { REGISTRY_COMPONENT } from "./plugins";
import { PulpResource, PulpResourceArgs } from "./resource";
import * as s from "./schema";

/**
 * A pulp_container namespace: the first component of a registry path, and what push and pull
 * roles are given on. Pulp can only create and delete one (no PATCH), so a new name replaces it.
 * Deleting a namespace deletes its distributions and their push-made repositories with it.
 */
export const containerNamespaceSpec: KindSpec = {
    describe: (i) => `container namespace '${i.name}'`,
    endpoint: () => "pulp_container/namespaces/",
    fields: () => ({ name: { replace: true } }),
    naturalKey: (i) => ({ name: i.name as string }),
    schema: z
        .object({
            ...s.common,
            name: z.string({ error: "name is required" }).superRefine((v, ctx) => {
                if (!REGISTRY_COMPONENT.test(v))
                    ctx.addIssue({
                        code: "custom",
                        message: `name '${v}' must be one registry path component: lower-case letters and digits joined by '.', '_' or '-'`,
                    });
            }),
        })
        .strict(),
};

export interface ContainerNamespaceArgs extends PulpResourceArgs {
    readonly name: pulumi.Input<string>;
}

export class ContainerNamespace extends PulpResource {
    declare readonly name: pulumi.Output<string>;
    constructor(name: string, args: ContainerNamespaceArgs, opts?: pulumi.CustomResourceOptions) {
        super("containerNamespace", "ContainerNamespace", name, { ...args }, opts);
    }
}
