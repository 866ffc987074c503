import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { stackContext } from "../../cli/stackContext";
import { SiteContainers } from "../../components/client/localMirror";
import { ArkInputs, arkProgram } from "../../stacks/ark";
import { arkAccessProgram } from "../../stacks/arkAccess";
import { clientProgram } from "../../stacks/client";
import { inlineStack, tempBackend, tempProjectDir } from "./engine";
import { KeyPair } from "./pki";
import { PulpInstance, ROOT } from "./pulp";

/** Ark's PKI as an organisation's existing CA (external mode): the tls plugin cannot run here. */
export interface ExternalPki {
    readonly caCertificate: string;
    readonly server: KeyPair;
    readonly clients: Record<string, KeyPair>;
}

const pkiDefaults = { serverNames: [], rotations: {} };

/** A throwaway release-train project (stack file, catalogue, ledger, pins) driving one Ark. */
export class ReleaseTrainProject {
    readonly dir = tempProjectDir("rt-train-");
    readonly stackName = "e2e";
    /** One backend for the Ark stack and its client sites, so sites read Ark's outputs. */
    readonly backend = tempBackend();
    clientPasswords: Record<string, string> = {};
    /** Set to run the Ark stack with a PKI (and so export client credentials). */
    pki?: ExternalPki;
    /** Per client: the container images its site mirrors (namespace, image name → tag). */
    siteContainers: Record<string, SiteContainers> = {};

    constructor(
        readonly ark: PulpInstance,
        catalogue: unknown[],
        extraConfig: Record<string, string> = {},
    ) {
        fs.mkdirSync(path.join(this.dir, "catalogue"));
        fs.mkdirSync(path.join(this.dir, "pins"));
        fs.writeFileSync(
            path.join(this.dir, "catalogue/local.yaml"),
            YAML.stringify({ repositories: catalogue }),
        );
        const config = {
            "release-train:role": "ark",
            "release-train:pulpUrl": ark.apiUrl,
            "release-train:catalogue": "catalogue",
            "release-train:ledger": "ledger.yaml",
            "release-train:pins": "pins",
            ...Object.fromEntries(Object.entries(extraConfig).map(([k, v]) => [`release-train:${k}`, v])),
        };
        fs.writeFileSync(path.join(this.dir, `Pulumi.${this.stackName}.yaml`), YAML.stringify({ config }));
    }

    setPins(
        client: string,
        repositories: Record<string, string>,
        password: string,
        containers?: Record<string, string>,
    ): void {
        fs.writeFileSync(
            path.join(this.dir, `pins/${client}.yaml`),
            YAML.stringify({ repositories, ...(containers ? { containers } : {}) }),
        );
        this.clientPasswords[client] = password;
    }

    /** Writes the container catalogue (`catalogue/containers.yaml`). */
    setContainerCatalogue(containers: {
        namespace: string;
        distributions: string[];
        images: string[];
    }): void {
        fs.writeFileSync(path.join(this.dir, "catalogue/containers.yaml"), YAML.stringify({ containers }));
    }

    ledgerText(): string {
        const f = path.join(this.dir, "ledger.yaml");
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
    }

    removeClient(client: string): void {
        fs.rmSync(path.join(this.dir, `pins/${client}.yaml`));
        delete this.clientPasswords[client];
    }

    /**
     * The Ark stack as an inline program that re-reads the project's files on every run; `build`
     * declares the Ark (another version of it, in a test of how stacks carry over).
     */
    async stack(build: (name: string, inputs: ArkInputs) => unknown = arkProgram) {
        const connection = {
            baseUrl: this.ark.apiUrl,
            username: this.ark.username,
            password: this.ark.password,
        };
        return inlineStack(
            "rt-train",
            this.stackName,
            async () => {
                const c = stackContext(this.stackName, this.dir);
                const cfg = this.pki
                    ? { ...c.cfg, pki: { ...pkiDefaults, mode: "external" as const } }
                    : c.cfg;
                const clientPasswords = pulumi.secret({ ...this.clientPasswords });
                await build("ark", {
                    cfg,
                    connection,
                    clientPasswords,
                    clientsWithPasswords: Object.keys(this.clientPasswords),
                    root: this.dir,
                });
                if (!this.pki) return {};
                const access = arkAccessProgram("ark-pki", {
                    cfg,
                    root: this.dir,
                    clientPasswords,
                    pkiExternal: JSON.parse(JSON.stringify(this.pki)),
                });
                return { caCertificate: access.pki.caCertificate, clients: access.clients };
            },
            this.backend,
        );
    }

    /**
     * A client site's stack in the same project (same catalogue, ledger and pins: one source of
     * truth): its Pulp mirrors the client's pins from Ark's front, credentials from the Ark stack.
     */
    async site(client: string, site: PulpInstance, arkUrl: string, credentials?: unknown) {
        const stackName = `site-${client}`;
        const config = {
            "release-train:role": "client",
            "release-train:pulpUrl": site.apiUrl,
            "release-train:client": client,
            "release-train:arkUrl": arkUrl,
            "release-train:catalogue": "catalogue",
            "release-train:ledger": "ledger.yaml",
            "release-train:pins": "pins",
            ...(credentials ? {} : { "release-train:arkStack": `organization/rt-train/${this.stackName}` }),
        };
        fs.writeFileSync(path.join(this.dir, `Pulumi.${stackName}.yaml`), YAML.stringify({ config }));
        const connection = { baseUrl: site.apiUrl, username: site.username, password: site.password };
        return inlineStack(
            "rt-train",
            stackName,
            async () => {
                const c = stackContext(stackName, this.dir);
                const mirror = await clientProgram("site", {
                    cfg: c.cfg,
                    connection,
                    root: this.dir,
                    credentials: c.cfg.arkStack
                        ? { kind: "stack", stack: c.cfg.arkStack }
                        : { kind: "config", value: credentials },
                    containers: this.siteContainers[client],
                });
                return {
                    development: Object.fromEntries(
                        Object.entries(mirror.repositories).map(([s, r]) => [s, r.development.base_path]),
                    ),
                    images: Object.fromEntries(
                        Object.entries(mirror.images).map(([i, m]) => [i, m.distribution.base_path]),
                    ),
                };
            },
            this.backend,
        );
    }

    /** Runs `release-train <args>` as an operator would; resolves with its exit code and output. */
    cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
        return new Promise((resolve) => {
            execFile(
                path.join(ROOT, "bin/release-train"),
                [...args, "--stack", this.stackName, "--project-dir", this.dir],
                { env: { ...process.env, RELEASE_TRAIN_PULP_PASSWORD: this.ark.password }, timeout: 600_000 },
                (err, stdout, stderr) =>
                    resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            );
        });
    }
}
