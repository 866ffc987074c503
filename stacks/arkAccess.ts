import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ArkPki, ArkPkiArgs } from "../components/pki/arkPki";
import { caProblems, keyPairProblems } from "../model/certificates";
import { loadPins } from "../model/pins";
import { ValidationError } from "../model/problems";
import { StackConfig } from "./config";

/** What a client site needs to reach Ark: exported per client by the Ark stack, as a secret. */
export interface ClientCredentials {
    readonly username: string;
    readonly password: string;
    readonly certificate: string;
    readonly privateKey: string;
    readonly caCertificate: string;
}

export interface ArkAccessInputs {
    readonly cfg: StackConfig;
    readonly root: string;
    readonly clientPasswords: pulumi.Output<Record<string, string>>;
    /** Secret config `pkiExternal`, decrypted, for validation before anything is declared. */
    readonly pkiExternal?: unknown;
}

export interface ArkAccess {
    readonly pki: ArkPki;
    /** client → credentials; a secret output. */
    readonly clients: pulumi.Output<Record<string, ClientCredentials>>;
}

type External = {
    caCertificate?: unknown;
    server?: { certificate?: unknown; privateKey?: unknown };
    clients?: Record<string, { certificate?: unknown; privateKey?: unknown }>;
};

/** Every problem with the PKI config against the clients that have pins, each naming the key and fix. */
export function pkiProblems(cfg: StackConfig, clients: string[], external: unknown): string[] {
    const pki = cfg.pki!;
    const p: string[] = [];
    for (const c of Object.keys(pki.rotations))
        if (!clients.includes(c))
            p.push(`release-train:pki.rotations.${c}: no client '${c}' has pins: remove it or fix the name`);
    if (pki.mode === "generated") {
        if (external !== undefined)
            p.push(
                "release-train:pkiExternal is set but pki.mode is generated: set pki.mode to external, or remove pkiExternal",
            );
        return p;
    }
    if (external === undefined || typeof external !== "object" || external === null)
        return [
            ...p,
            "release-train:pkiExternal is required in external mode: pulumi config set --secret --path 'pkiExternal.caCertificate' < ca.pem (and server.*, clients.<name>.*)",
        ];
    const x = external as External;
    const at = "release-train:pkiExternal";
    const ca = caProblems(`${at}.caCertificate`, x.caCertificate);
    p.push(...ca);
    const caPem = ca.length ? undefined : (x.caCertificate as string);
    p.push(...keyPairProblems(`${at}.server`, x.server, caPem, "server"));
    for (const c of clients)
        p.push(...keyPairProblems(`${at}.clients.${c}`, x.clients?.[c], caPem, "client"));
    return p;
}

/**
 * The Ark stack's side of client access: Ark's PKI and, per client with pins, the credentials its
 * site needs (exported as one secret output the client stack reads through a StackReference).
 */
export function arkAccessProgram(
    name: string,
    i: ArkAccessInputs,
    opts?: pulumi.ComponentResourceOptions,
): ArkAccess {
    const pki = i.cfg.pki;
    if (!pki) throw new Error("arkAccessProgram needs release-train:pki");
    const clients = loadPins(path.resolve(i.root, i.cfg.pins)).map((p) => p.client);
    const problems = pkiProblems(i.cfg, clients, i.pkiExternal);
    if (problems.length) throw new ValidationError("Ark's PKI does not add up", problems);
    let args: ArkPkiArgs;
    if (pki.mode === "external") {
        const x = i.pkiExternal as Required<External>;
        const pair = (v: { certificate?: unknown; privateKey?: unknown }) => ({
            certificate: String(v.certificate),
            privateKey: pulumi.secret(String(v.privateKey)),
        });
        args = {
            mode: "external",
            caCertificate: String(x.caCertificate),
            server: pair(x.server),
            clients: Object.fromEntries(clients.map((c) => [c, pair(x.clients[c])])),
        };
    } else {
        args = {
            mode: "generated",
            serverNames: pki.serverNames,
            options: pki,
            clients: clients.map((c) => ({ name: c, generation: pki.rotations[c] })),
        };
    }
    const arkPki = new ArkPki(name, args, opts);
    const perClient = Object.fromEntries(
        clients.map((c) => [
            c,
            pulumi
                .all([
                    arkPki.clients[c].certificate,
                    arkPki.clients[c].privateKey,
                    arkPki.caCertificate,
                    i.clientPasswords,
                ])
                .apply(([certificate, privateKey, caCertificate, pw]) => ({
                    username: c,
                    password: pw[c],
                    certificate,
                    privateKey,
                    caCertificate,
                })),
        ]),
    );
    return { pki: arkPki, clients: pulumi.secret(pulumi.all(perClient)) };
}
