import * as pulumi from "@pulumi/pulumi";
import { arkProgram } from "./ark";
import { arkAccessProgram } from "./arkAccess";
import { clientProgram } from "./client";
import { connectionFrom, parseStackConfig } from "./config";
import { githubProgram } from "./github";
import { reportingProblems } from "./problemReport";
import { PulpSite, ServerInputs, withPulpServer } from "./server";
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
    "pulpDbEncryptionKey",
    "pulpTokenPrivateKey",
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
const password = config.requireSecret("pulpPassword");
const root = process.cwd();
/** The stack's Pulp: adopted at pulpUrl, or deployed (release-train:server). */
const server: ServerInputs = {
    cfg,
    connection: password.apply((p) => connectionFrom(cfg, p)),
    adminPassword: password,
    secrets: {
        dbEncryptionKey: all[`${PREFIX}pulpDbEncryptionKey`],
        tokenPrivateKey: all[`${PREFIX}pulpTokenPrivateKey`],
    },
};

/** The Pulp components and versions the server runs, once ready (only with release-train:server). */
const pulpVersions = (pulp?: PulpSite) =>
    pulp ? { pulpVersions: pulp.ready.observed.apply((o) => o?.versions) } : {};

async function ark() {
    // Which clients have a password is not secret; their passwords are.
    const clientsWithPasswords = Object.keys((secretObject("clientPasswords") as object) ?? {});
    const clientPasswords =
        config.getSecretObject<Record<string, string>>("clientPasswords") ??
        pulumi.secret<Record<string, string>>({});
    const { arkComponent, access, pulp } = await reportingProblems(() =>
        withPulpServer(
            "pulp",
            server,
            async (connection) => ({
                arkComponent: await arkProgram("ark", {
                    cfg,
                    connection,
                    clientPasswords,
                    clientsWithPasswords,
                    root,
                }),
                access: cfg.pki
                    ? arkAccessProgram("ark-pki", {
                          cfg,
                          root,
                          clientPasswords,
                          pkiExternal: secretObject("pkiExternal"),
                      })
                    : undefined,
            }),
            (built) => built.access?.pki,
        ),
    );
    const githubOrg = cfg.github
        ? await reportingProblems(() =>
              githubProgram("github", {
                  manifest: cfg.github!,
                  root,
                  token: config.getSecret("githubToken"),
              }),
          )
        : undefined;
    return {
        role: cfg.role,
        ...pulpVersions(pulp),
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
    const { mirror, pulp } = await reportingProblems(() =>
        withPulpServer("pulp", server, async (connection) => ({
            mirror: await clientProgram("site", {
                cfg,
                connection,
                root,
                credentials: cfg.arkStack
                    ? { kind: "stack", stack: cfg.arkStack }
                    : { kind: "config", value: arkAccess },
                proxyPassword: config.getSecret("proxyPassword"),
            }),
        })),
    );
    return {
        role: cfg.role,
        ...pulpVersions(pulp),
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
