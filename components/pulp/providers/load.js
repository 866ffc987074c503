"use strict";
/**
 * What every provider stub (release-train-pulp-stubs) requires in the dynamic-provider process:
 * one kind's implementation from this checkout. Plain JavaScript so that requiring it needs
 * nothing else; it registers ts-node once per process, under the same flag the stubs written into
 * older state use, so both kinds of stub can run side by side.
 */
const path = require("path");

const root = path.resolve(__dirname, "../../..");

module.exports = function load(kind) {
    if (!global.__releaseTrainTs) {
        require(require.resolve("ts-node", { paths: [root] })).register({
            transpileOnly: true,
            project: path.join(root, "tsconfig.json"),
        });
        global.__releaseTrainTs = true;
    }
    const impl = require("./runtime").providers[kind];
    if (!impl) throw new Error(`release-train: no Pulp provider for kind '${kind}' in ${root}`);
    return impl;
};
