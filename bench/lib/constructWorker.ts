/**
 * Runs in its own process so its peak RSS is the construction's alone: builds the prod program
 * (Ark + GitHub organisation) under mocks and waits until every resource has been registered.
 * `constructWorker.ts --floor N` builds N trivial dynamic resources the same way instead: the
 * SDK's own cost for that many resources, the floor the program is compared with.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../test/harness/resourceRecorder";
import { limitStackTraces } from "../../stacks/stackTraces";
import { declareTrivialInSlices } from "./floorPrograms";

async function declareProgram(dir: string, clientList: string): Promise<void> {
    const clients = clientList.split(",");
    const { arkProgram } = await import("../../stacks/ark");
    const { githubProgram } = await import("../../stacks/github");
    const { parseStackConfig } = await import("../../stacks/config");
    const cfg = parseStackConfig({
        role: "ark",
        pulpUrl: "https://ark.example.com",
        catalogue: "catalogue",
        ledger: "ledger.yaml",
        pins: "pins",
        github: "github.yaml",
    });
    const connection = { baseUrl: "https://ark.example.com", username: "admin", password: "secret" };
    const clientPasswords = pulumi.secret(Object.fromEntries(clients.map((c) => [c, `${c}-pw`])));
    await arkProgram("ark", { cfg, connection, clientPasswords, clientsWithPasswords: clients, root: dir });
    await githubProgram("github", { manifest: "github.yaml", root: dir });
}

async function main(args: string[]) {
    // As the stack entry point (stacks/index.ts) does.
    limitStackTraces();
    const seen = await installMocks("bench");
    const t0 = process.hrtime.bigint();
    if (args[0] === "--floor") await declareTrivialInSlices(Number(args[1]));
    else await declareProgram(args[0], args[1]);
    // Everything is declared; done when the (mock) engine has answered every registration, as a
    // program's run ends (the SDK holds the RPC queue open for each resource from its constructor).
    // No transformation or Output over every resource to find that out: those cost the
    // measurement 0.4 s at prod scale, work the program itself never does.
    await pulumi.runtime.disconnect();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ seconds, rssMb, resources: seen.length }) + "\n");
}

main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
});
