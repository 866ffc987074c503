import * as pulumi from "@pulumi/pulumi";
import { arkProgram } from "./ark";
import { connectionFrom, parseStackConfig } from "./config";
import { githubProgram } from "./github";
import { reportingProblems } from "./problemReport";
import { limitStackTraces } from "./stackTraces";

// Entry point of every stack (package.json "main"). Stacks read and validate config and pass
// typed arguments to components; components never read config themselves.
limitStackTraces();
const config = new pulumi.Config();
const PREFIX = "release-train:";
const SECRETS = ["pulpPassword", "clientPasswords", "githubToken"];
// Every key of the project namespace goes through the schema, so a misspelt key is an error.
const raw = Object.fromEntries(
    Object.entries(pulumi.runtime.allConfig())
        .filter(([k]) => k.startsWith(PREFIX) && !SECRETS.includes(k.slice(PREFIX.length)))
        .map(([k, v]) => [k.slice(PREFIX.length), v]),
);
const cfg = reportingProblems(() => parseStackConfig(raw, `Pulumi.${pulumi.getStack()}.yaml`));
const connection = config.requireSecret("pulpPassword").apply((password) => connectionFrom(cfg, password));

// Which clients have a password is not secret; their passwords are.
const clientPasswordsRaw = pulumi.runtime.allConfig()[`${PREFIX}clientPasswords`];
const clientsWithPasswords = clientPasswordsRaw ? Object.keys(JSON.parse(clientPasswordsRaw)) : [];
const clientPasswords =
    config.getSecretObject<Record<string, string>>("clientPasswords") ??
    pulumi.secret<Record<string, string>>({});

const ark =
    cfg.role === "ark"
        ? reportingProblems(() =>
              arkProgram("ark", {
                  cfg,
                  connection,
                  clientPasswords,
                  clientsWithPasswords,
                  root: process.cwd(),
              }),
          )
        : undefined;

const githubOrg = cfg.github
    ? reportingProblems(() =>
          githubProgram("github", {
              manifest: cfg.github!,
              root: process.cwd(),
              token: config.getSecret("githubToken"),
          }),
      )
    : undefined;

export const role = cfg.role;
/** Managed GitHub repositories, when the stack manages the organisation. */
export const githubRepositories = githubOrg ? Object.keys(githubOrg.repositories) : [];
/** Snapshot ids per repository, and which are released: what a preview of a ledger or pins change moves. */
export const snapshots =
    ark && Object.fromEntries(Object.entries(ark.snapshots).map(([k, s]) => [k, s.released]));
