"use strict";
// One module per kind: Pulumi serializes a require() only of a whole module's exports.
module.exports = require("./stub")("repositorySync");
