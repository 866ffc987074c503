import * as pulumi from "@pulumi/pulumi";
import { arkProgram } from "./ark";
import { arkAccessProgram } from "./arkAccess";
import { clientProgram } from "./client";
import { connectionFrom, parseStackConfig } from "./config";
import { githubProgram } from "./github";
import { reportingProblems } from "./problemReport";
import { limitStackTraces } from "./stackTraces";

// Entry point of every stack (package.json "main"). Stacks read and validate config and pass
// typed arguments to components; components never read config themselves.
limitStackTraces();
const config = new pulumi.Config();
const PREFIX = "release-train:";
const SECRETS = [
    "pulpPassword",
    "clientPasswords",
    "githubToken",
    "pkiExternal",
    "arkAccess",
    "proxyPassword",
];
// Every key of the project namespace goes through the schema, so a misspelt key is an error.
const all = pulumi.runtime.allConfig();
const raw = Object.fromEntries(
    Object.entries(all)
        .filter(([k]) => k.startsWith(PREFIX) && !SECRETS.includes(k.slice(PREFIX.length)))
        .map(([k, v]) => [k.slice(PREFIX.length), v]),
);
/** A secret config object, decrypted, for validation before anything is declared (never exported). */
const secretObject = (key: string): unknown => {
    const v = all[`${PREFIX}${key}`];
    return v === undefined ? undefined : JSON.parse(v);
};
const cfg = reportingProblems(() => parseStackConfig(raw, `Pulumi.${pulumi.getStack()}.yaml`));
const connection = config.requireSecret("pulpPassword").apply((password) => connectionFrom(cfg, password));
const root = process.cwd();

async function ark() {
    // Which clients have a password is not secret; their passwords are.
    const clientsWithPasswords = Object.keys((secretObject("clientPasswords") as object) ?? {});
    const clientPasswords =
        config.getSecretObject<Record<string, string>>("clientPasswords") ??
        pulumi.secret<Record<string, string>>({});
    const arkComponent = reportingProblems(() =>
        arkProgram("ark", { cfg, connection, clientPasswords, clientsWithPasswords, root }),
    );
    const access = cfg.pki
        ? reportingProblems(() =>
              arkAccessProgram("ark-pki", {
                  cfg,
                  root,
                  clientPasswords,
                  pkiExternal: secretObject("pkiExternal"),
              }),
          )
        : undefined;
    const githubOrg = cfg.github
        ? reportingProblems(() =>
              githubProgram("github", {
                  manifest: cfg.github!,
                  root,
                  token: config.getSecret("githubToken"),
              }),
          )
        : undefined;
    return {
        role: cfg.role,
        /** Managed GitHub repositories, when the stack manages the organisation. */
        githubRepositories: githubOrg ? Object.keys(githubOrg.repositories) : [],
        /** Snapshot ids per repository, and which are released: what a preview of a ledger or pins change moves. */
        snapshots: Object.fromEntries(
            Object.entries(arkComponent.snapshots).map(([k, s]) => [k, s.released]),
        ),
        /** Ark's CA certificate: what clients and the front trust. */
        caCertificate: access?.pki.caCertificate,
        /** Per client: username, password, certificate, key and CA (secret), read by client stacks. */
        clients: access?.clients,
    };
}

async function client() {
    const arkAccess = secretObject("arkAccess");
    if (cfg.arkStack && arkAccess !== undefined)
        throw new pulumi.RunError(
            `Pulumi.${pulumi.getStack()}.yaml: release-train:arkAccess: the site's credentials come from release-train:arkStack or from the secret arkAccess, not both: remove one`,
        );
    const mirror = await reportingProblems(() =>
        clientProgram("site", {
            cfg,
            connection,
            root,
            credentials: cfg.arkStack
                ? { kind: "stack", stack: cfg.arkStack }
                : { kind: "config", value: arkAccess },
            proxyPassword: config.getSecret("proxyPassword"),
        }),
    );
    return {
        role: cfg.role,
        /** Per repository: the stable base paths hosts use. */
        mirror: Object.fromEntries(
            Object.entries(mirror.repositories).map(([short, r]) => [
                short,
                { development: r.development.base_path, production: r.production.base_path },
            ]),
        ),
    };
}

// The engine runs the exported function and awaits it: a client site checks its StackReference first.
export = cfg.role === "ark" ? ark : client;
