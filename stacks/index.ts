import * as pulumi from "@pulumi/pulumi";
import { connectionFrom, parseStackConfig } from "./config";

// Entry point of every stack (package.json "main"). Stacks read and validate config and pass
// typed arguments to components; components never read config themselves.
const config = new pulumi.Config();
const PREFIX = "release-train:";
const SECRETS = ["pulpPassword"];
// Every key of the project namespace goes through the schema, so a misspelt key is an error.
const raw = Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig())
        .filter(([k]) => k.startsWith(PREFIX) && !SECRETS.includes(k.slice(PREFIX.length)))
        .map(([k, v]) => [k.slice(PREFIX.length), v]),
);
const cfg = parseStackConfig(raw);
const connection = config.requireSecret("pulpPassword").apply((password) => connectionFrom(cfg, password));

export const role = cfg.role;
export const pulp = pulumi.secret(connection).apply((c) => c.baseUrl);
