import * as pulumi from "@pulumi/pulumi";
import { Ark } from "../../components/ark/ark";
import { arkProgram } from "../../stacks/ark";
import { parseStackConfig } from "../../stacks/config";
import { limitStackTraces } from "../../stacks/stackTraces";

/**
 * The Ark part of the prod program over a synthetic project (prodScale.ts), as stacks/index.ts
 * builds it; resolves once all of it is declared.
 */
export function declareArk(
    dir: string,
    clients: string[],
    transformation?: pulumi.ResourceTransformation,
): Promise<Ark> {
    // As the stack entry point (stacks/index.ts) does.
    limitStackTraces();
    const cfg = parseStackConfig({
        role: "ark",
        pulpUrl: "https://ark.example.com",
        catalogue: "catalogue",
        ledger: "ledger.yaml",
        pins: "pins",
    });
    const connection = { baseUrl: "https://ark.example.com", username: "admin", password: "secret" };
    const clientPasswords = pulumi.secret(Object.fromEntries(clients.map((c) => [c, `${c}-password`])));
    return arkProgram(
        "ark",
        { cfg, connection, clientPasswords, clientsWithPasswords: clients, root: dir },
        transformation ? { transformations: [transformation] } : undefined,
    );
}
