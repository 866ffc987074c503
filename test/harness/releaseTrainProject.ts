import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import YAML from "yaml";
import { stackContext } from "../../cli/stackContext";
import { ArkInputs, arkProgram } from "../../stacks/ark";
import { inlineStack, tempProjectDir } from "./engine";
import { PulpInstance, ROOT } from "./pulp";

/** A throwaway release-train project (stack file, catalogue, ledger, pins) driving one Ark. */
export class ReleaseTrainProject {
    readonly dir = tempProjectDir("rt-train-");
    readonly stackName = "e2e";
    clientPasswords: Record<string, string> = {};

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

    setPins(client: string, repositories: Record<string, string>, password: string): void {
        fs.writeFileSync(path.join(this.dir, `pins/${client}.yaml`), YAML.stringify({ repositories }));
        this.clientPasswords[client] = password;
    }

    ledgerText(): string {
        const f = path.join(this.dir, "ledger.yaml");
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
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
        return inlineStack("rt-train", this.stackName, async () => {
            const c = stackContext(this.stackName, this.dir);
            build("ark", {
                cfg: c.cfg,
                connection,
                clientPasswords: pulumi.secret({ ...this.clientPasswords }),
                clientsWithPasswords: Object.keys(this.clientPasswords),
                root: this.dir,
            });
        });
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
