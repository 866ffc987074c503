import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalMirror, SiteContainers } from "../components/client/localMirror";
import { PulpConnection } from "../components/pulp/client/connection";
import { loadCatalogue } from "../model/catalogue";
import { caProblems, keyPairProblems } from "../model/certificates";
import { loadLedger } from "../model/ledger";
import { mirrorPlan } from "../model/mirrorPlan";
import { loadPins, pinProblems } from "../model/pins";
import { ValidationError } from "../model/problems";
import { ClientCredentials } from "./arkAccess";
import { pinnedContainers, siteContainerProblems } from "./clientContainers";
import { StackConfig } from "./config";

/** Where a site's Ark credentials come from: the Ark stack's `clients` output, or its own secret config. */
export type CredentialsSource =
    { readonly kind: "stack"; readonly stack: string } | { readonly kind: "config"; readonly value: unknown };

export interface ClientInputs {
    readonly cfg: StackConfig;
    /** The site's own Pulp. */
    readonly connection: pulumi.Input<PulpConnection>;
    readonly credentials: CredentialsSource;
    readonly root: string;
    /** Secret config `proxyPassword`, for release-train:proxyUrl. */
    readonly proxyPassword?: pulumi.Input<string>;
    /**
     * The container images this site mirrors. By default the client's pins decide (`containers:`
     * over the container catalogue, see pinnedContainers); a caller may give them instead.
     */
    readonly containers?: SiteContainers;
}

/** Problems with credentials given as the site's own secret config `arkAccess`. */
export function credentialProblems(what: string, v: unknown): string[] {
    if (v === undefined)
        return [
            "no Ark credentials: set release-train:arkStack (the Ark stack that exports them), or the secret release-train:arkAccess",
        ];
    if (!v || typeof v !== "object")
        return [`${what}: must be {username, password, certificate, privateKey, caCertificate}`];
    const c = v as Partial<Record<keyof ClientCredentials, unknown>>;
    const p = caProblems(`${what}.caCertificate`, c.caCertificate);
    p.push(...keyPairProblems(what, c, p.length ? undefined : String(c.caCertificate), "client"));
    if (typeof c.password !== "string" || !c.password)
        p.push(`${what}.password: must be the client's Ark password`);
    return p;
}

/** The Ark stack's credentials for this client, checked at preview: a missing export names the fix. */
async function fromStack(name: string, stack: string, client: string, pinsFile: string) {
    const ref = new pulumi.StackReference(`${name}-ark`, { name: stack });
    const details = await ref.getOutputDetails("clients");
    const all = (details.secretValue ?? details.value) as Record<string, unknown> | undefined;
    if (!all)
        return {
            problems: [
                `the Ark stack ${stack} exports no 'clients': set release-train:pki on it and run pulumi up there`,
            ],
        };
    if (!all[client])
        return {
            problems: [
                `the Ark stack ${stack} exports no credentials for client '${client}': on the Ark stack add ${pinsFile}, ` +
                    `clientPasswords.${client} and run pulumi up there` +
                    (Object.keys(all).length ? ` (it has: ${Object.keys(all).sort().join(", ")})` : ""),
            ],
        };
    return {
        problems: credentialProblems(`${stack} output clients.${client}`, all[client]),
        credentials: ref.getOutput("clients").apply((c) => (c as Record<string, ClientCredentials>)[client]),
    };
}

/**
 * A client site: its Pulp mirrors exactly the snapshots its pins name, from Ark through the TLS
 * front, with the client's certificate and password. Everything is checked before anything is declared.
 */
export async function clientProgram(
    name: string,
    i: ClientInputs,
    opts?: pulumi.ComponentResourceOptions,
): Promise<LocalMirror> {
    const at = (p: string) => path.resolve(i.root, p);
    const client = i.cfg.client!;
    const catalogue = loadCatalogue(at(i.cfg.catalogue));
    const pins = loadPins(at(i.cfg.pins));
    const pinned = i.containers
        ? { containers: i.containers, problems: [] }
        : pinnedContainers(
              at(i.cfg.catalogue),
              pins.find((p) => p.client === client),
          );
    const containers = pinned.containers;
    const imageCount = Object.keys(containers?.images ?? {}).length;
    const plan = mirrorPlan(client, pins, catalogue, i.cfg.pins, imageCount);
    const problems = [
        ...plan.problems,
        ...pinProblems(
            pins.filter((p) => p.client === client),
            loadLedger(at(i.cfg.ledger)),
        ),
    ];
    problems.push(...pinned.problems);
    if (containers)
        problems.push(...siteContainerProblems(`${i.cfg.pins}/${client}.yaml containers`, containers));
    let credentials: pulumi.Output<ClientCredentials> | undefined;
    if (i.credentials.kind === "stack") {
        const r = await fromStack(name, i.credentials.stack, client, `${i.cfg.pins}/${client}.yaml`);
        problems.push(...r.problems);
        credentials = r.credentials;
    } else {
        const p = credentialProblems("release-train:arkAccess", i.credentials.value);
        problems.push(...p);
        if (!p.length) credentials = pulumi.secret(i.credentials.value as ClientCredentials);
    }
    if (problems.length || !credentials)
        throw new ValidationError(`client site '${client}' does not add up`, problems);
    const c = credentials;
    return new LocalMirror(
        name,
        {
            connection: i.connection,
            ark: {
                url: i.cfg.arkUrl!,
                // Who the site is at Ark is not secret; its password and key are.
                username: client,
                password: pulumi.secret(c.password),
                caCertificate: c.caCertificate,
                certificate: c.certificate,
                privateKey: pulumi.secret(c.privateKey),
            },
            repositories: plan.repositories,
            containers,
            policy: i.cfg.mirrorPolicy,
            proxy: i.cfg.proxyUrl
                ? { url: i.cfg.proxyUrl, username: i.cfg.proxyUsername, password: i.proxyPassword }
                : undefined,
        },
        opts,
    );
}
