import { PulpClient } from "../../components/pulp/client/http";
import { providers } from "../../components/pulp/providers/runtime";
import { connectionOf, startPulp, stopPulp, stopWorkers, uniq, withPulpLogs } from "../harness/pulp";

// A dedicated server, because this test stops its workers.
jest.setTimeout(180_000);
const NAME = "test-outage";

afterAll(() => stopPulp(NAME));

test("a worker stopped mid-task ends in a clear timeout, and the next run converges once it is back", async () => {
    const pulp = startPulp(NAME);
    await withPulpLogs(pulp, async () => {
        const connection = connectionOf(pulp, { taskTimeoutMs: 3000 });
        const P = providers as Record<string, Required<import("@pulumi/pulumi").dynamic.ResourceProvider>>;
        const repo = await P.repository.create({ connection, plugin: "file", name: uniq("outage") });
        const name = uniq("outage-dist");
        const inputs = { connection, plugin: "file", name, base_path: `outage/${name}`, repository: repo.id };

        await stopWorkers(pulp);
        await expect(P.distribution.create(inputs)).rejects.toThrow(
            /timed out after 3s waiting for Pulp task\(s\) for creating file distribution .* \(is a pulpcore-worker running\?\); canceled/,
        );

        startPulp(NAME); // brings back only the stopped workers, keeping the data
        const client = new PulpClient(connection);
        // The canceled create must not run late: nothing by that name appears.
        await new Promise((r) => setTimeout(r, 2000));
        expect(await client.findOne("distributions/file/file/", { name })).toBeUndefined();

        const created = await P.distribution.create(inputs);
        expect((await client.get<{ base_path: string }>(created.id)).base_path).toBe(`outage/${name}`);
    })();
});
