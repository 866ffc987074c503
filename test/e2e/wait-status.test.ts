import { Distribution, Repository } from "../../components/pulp";
import { inlineStack } from "../harness/engine";
import { connectionOf, startPulp, stopPulp, stopWorkers, uniq, withPulpLogs } from "../harness/pulp";

// A long Pulp wait as an operator sees it in `pulumi up`, on the real engine: what is waited for,
// that no worker is online, and a failure within about a minute rather than the 30-minute deadline.
jest.setTimeout(600_000);
const NAME = "test-wait";
afterAll(() => stopPulp(NAME));

test("with no Pulp worker, pulumi up shows what it waits for, then fails naming the task and the cause", async () => {
    const pulp = startPulp(NAME);
    await withPulpLogs(pulp, async () => {
        const connection = connectionOf(pulp);
        const name = uniq("wait");
        const stack = await inlineStack("rt-wait", "e2e", async () => {
            const repo = new Repository("repo", { connection, plugin: "file", name });
            new Distribution("dist", {
                connection,
                plugin: "file",
                name,
                base_path: `wait/${name}`,
                repository: repo.pulp_href,
            });
        });
        await stopWorkers(pulp);
        const status: string[] = [];
        const err = (await stack
            .up({
                onEvent: (e) => {
                    if (e.diagnosticEvent?.ephemeral) status.push(e.diagnosticEvent.message);
                },
            })
            .catch((e: Error) => e)) as Error;
        expect(err).toBeInstanceOf(Error);
        expect(status).toContainEqual(
            expect.stringMatching(
                new RegExp(
                    `^waiting \\d+s for Pulp at ${pulp.apiUrl}: creating file distribution '${name}' \\(waiting\\); NO Pulp worker online`,
                ),
            ),
        );
        expect(err.message).toMatch(
            new RegExp(`no Pulp worker is online at ${pulp.apiUrl} .*creating file distribution '${name}'`),
        );
    })();
});
