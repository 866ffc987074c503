"use strict";
/**
 * The provider object of every resource of one kind.
 *
 * Pulumi stores a dynamic resource's provider twice per resource (inputs and outputs), and the
 * engine serializes, hashes and rewrites the whole state after every step of an `up`. Written as
 * program code, this object's text was 2.6 KB, most of each resource's state. The state now holds
 * one line that requires this package's module of the kind (providerModule in
 * components/pulp/providers/resource.ts); state written before holds the SDK's serialization of
 * the same require, so the per-kind module paths must keep resolving.
 *
 * Each method loads the real implementation from the checkout (components/pulp/providers/load.js)
 * when the engine calls it, so refresh and delete of old resources run today's code. The checkout
 * is RELEASE_TRAIN_ROOT, else the working directory the CLI gives providers (the project
 * directory, where Pulumi.yaml is). The copy is made again by `scripts/bootstrap npm` whenever
 * a file here changes (test/unit/provider-stubs.test.ts fails on a stale copy).
 */
module.exports = function stub(kind) {
    const load = () =>
        require(`${process.env.RELEASE_TRAIN_ROOT || process.cwd()}/components/pulp/providers/load.js`)(kind);
    return {
        check: (olds, news) => load().check(olds, news),
        diff: (id, olds, news) => load().diff(id, olds, news),
        create: (inputs) => load().create(inputs),
        update: (id, olds, news) => load().update(id, olds, news),
        read: (id, props) => load().read(id, props),
        delete: (id, props) => load().delete(id, props),
    };
};
