import * as fs from "fs";
import * as path from "path";
import { PulpClient } from "../components/pulp/client/http";
import { readYaml } from "../model/yamlFile";
import { connectionFrom, parseStackConfig, StackConfig } from "../stacks/config";

export interface StackContext {
    readonly stack: string;
    readonly projectDir: string;
    readonly cfg: StackConfig;
    at(p: string): string;
    client(): PulpClient;
}

/**
 * The CLI reads the same stack file and schema as `pulumi up`; the Pulp password, which is secret
 * config there, comes from RELEASE_TRAIN_PULP_PASSWORD (or --password-file) here.
 */
export function stackContext(stack: string, projectDir: string, passwordFile?: string): StackContext {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file))
        throw new Error(`no stack file ${file}: --stack names a Pulumi.<stack>.yaml in --project-dir`);
    const config = ((readYaml(file) as { config?: Record<string, unknown> })?.config ?? {}) as Record<
        string,
        unknown
    >;
    const plain = Object.fromEntries(
        Object.entries(config)
            .filter(
                ([k, v]) => k.startsWith("release-train:") && !(v && typeof v === "object" && "secure" in v),
            )
            .map(([k, v]) => [
                k.slice("release-train:".length),
                typeof v === "object" ? JSON.stringify(v) : String(v),
            ]),
    );
    delete plain.clientPasswords;
    delete plain.pulpPassword;
    const cfg = parseStackConfig(plain, file);
    let client: PulpClient | undefined;
    return {
        stack,
        projectDir,
        cfg,
        at: (p) => path.resolve(projectDir, p),
        // One client per command: one login session, however many calls the command makes.
        client() {
            if (client) return client;
            const password = passwordFile
                ? fs.readFileSync(passwordFile, "utf8").trim()
                : process.env.RELEASE_TRAIN_PULP_PASSWORD;
            if (!password) {
                throw new Error(
                    `no Pulp password for stack ${stack}: export RELEASE_TRAIN_PULP_PASSWORD="$(pulumi config get pulpPassword --stack ${stack})" or pass --password-file`,
                );
            }
            // Syncs of large upstreams take hours; a Pulp without workers is noticed within minutes anyway.
            return (client = new PulpClient({
                ...connectionFrom(cfg, password),
                taskTimeoutMs: 8 * 3600_000,
            }));
        },
    };
}
