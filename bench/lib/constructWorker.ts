/**
 * Runs in its own process so its peak RSS is the construction's alone: builds the prod program
 * (Ark + GitHub organisation) under mocks and waits until every resource has been registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../test/harness/resourceRecorder";
import { limitStackTraces } from "../../stacks/stackTraces";

async function main(dir: string, clientList: string) {
    const clients = clientList.split(",");
    // As the stack entry point (stacks/index.ts) does.
    limitStackTraces();
    const seen = await installMocks("bench");
    const t0 = process.hrtime.bigint();
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
    // The URN is assigned after transformations run, so keep the resources and read it later.
    const resources: pulumi.Resource[] = [];
    const collect: pulumi.ResourceTransformation = (a) => {
        resources.push(a.resource);
        return undefined;
    };
    const connection = { baseUrl: "https://ark.example.com", username: "admin", password: "secret" };
    const clientPasswords = pulumi.secret(Object.fromEntries(clients.map((c) => [c, `${c}-pw`])));
    arkProgram(
        "ark",
        { cfg, connection, clientPasswords, clientsWithPasswords: clients, root: dir },
        { transformations: [collect] },
    );
    githubProgram("github", { manifest: "github.yaml", root: dir }, { transformations: [collect] });
    // Done when every resource of both trees has its URN, i.e. the (mock) engine registered it.
    await new Promise<void>((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(() => resolve()));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(
        JSON.stringify({ seconds, rssMb, resources: seen.length, declared: resources.length }) + "\n",
    );
}

main(process.argv[2], process.argv[3]).catch((e) => {
    console.error(e);
    process.exit(1);
});
