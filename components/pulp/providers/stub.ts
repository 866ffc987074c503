import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into the state of every resource of one kind.
 *
 * It is deliberately a few lines that load the real implementation from the checkout when the
 * engine calls it: state stays small at thousands of snapshots, and refresh and delete of old
 * resources run today's code rather than whatever was serialized when they were created.
 * The checkout is RELEASE_TRAIN_ROOT, else the working directory the CLI gives providers
 * (the project directory, where Pulumi.yaml is).
 */
export function providerStub(kind: string): pulumi.dynamic.ResourceProvider {
    const load = () => {
        const path = require("path");
        const root = process.env.RELEASE_TRAIN_ROOT || process.cwd();
        const g = global as unknown as { __releaseTrainTs?: boolean };
        if (!g.__releaseTrainTs) {
            require(require.resolve("ts-node", { paths: [root] })).register({
                transpileOnly: true,
                project: path.join(root, "tsconfig.json"),
            });
            g.__releaseTrainTs = true;
        }
        const impl = require(path.join(root, "components/pulp/providers/runtime")).providers[kind];
        if (!impl) throw new Error(`release-train: no Pulp provider for kind '${kind}' in ${root}`);
        return impl;
    };
    return {
        check: (olds, news) => load().check(olds, news),
        diff: (id, olds, news) => load().diff(id, olds, news),
        create: (inputs) => load().create(inputs),
        update: (id, olds, news) => load().update(id, olds, news),
        read: (id, props) => load().read(id, props),
        delete: (id, props) => load().delete(id, props),
    };
}
