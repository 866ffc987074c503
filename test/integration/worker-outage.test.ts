import axios from "axios";
import { tasksAtRisk } from "../../cli/orphanRisk";
import { reclaim } from "../../cli/reclaim";
import { syncAll } from "../../cli/sync";
import { PulpClient } from "../../components/pulp/client/http";
import { CatalogueEntry } from "../../model/catalogue";
import { WaitReport } from "../../components/pulp/client/taskWatcher";
import { clientFor } from "../../components/pulp/providers/crud";
import { providers } from "../../components/pulp/providers/runtime";
import { connectionOf, startPulp, stopPulp, stopWorkers, uniq, withPulpLogs } from "../harness/pulp";

// A dedicated server, because these tests stop its workers.
jest.setTimeout(300_000);
const NAME = "test-outage";
const P = providers as Record<string, Required<import("@pulumi/pulumi").dynamic.ResourceProvider>>;

afterAll(() => stopPulp(NAME));

async function distributionInputs(connection: ReturnType<typeof connectionOf>) {
    const repo = await P.repository.create({ connection, plugin: "file", name: uniq("outage") });
    const name = uniq("outage-dist");
    return { connection, plugin: "file", name, base_path: `outage/${name}`, repository: repo.id };
}

// One outage for all three tests (stopping and starting workers is slow on a busy machine).
let pulp: ReturnType<typeof startPulp>;
let connection: ReturnType<typeof connectionOf>;
let client: PulpClient;
const canceled: { task: string; name: string }[] = [];

beforeAll(async () => {
    pulp = startPulp(NAME);
    connection = connectionOf(pulp);
    client = new PulpClient(connection);
    await stopWorkers(pulp);
}, 300_000);

const taskOf = (message: string) => /\/pulp\/api\/v3\/tasks\/[^/ ,]+\//.exec(message)![0];

test("the task deadline ends a wait, cancels the task, and names the setting", async () => {
    await withPulpLogs(pulp, async () => {
        const inputs = await distributionInputs(connectionOf(pulp, { taskTimeoutMs: 3000 }));
        const err = (await P.distribution.create(inputs).catch((e: Error) => e)) as Error;
        expect(err.message).toMatch(
            /^timed out after 3s waiting for Pulp task\(s\) for creating file distribution .* is still waiting \(is a pulpcore-worker running\? release-train:pulpTaskTimeoutSeconds sets the deadline\); canceled/,
        );
        canceled.push({ task: taskOf(err.message), name: inputs.name });
    })();
});

test("with no worker online, a wait fails within about a minute, naming the tasks and the cause", async () => {
    await withPulpLogs(pulp, async () => {
        // The default 30-minute deadline: only the missing worker can end these waits early.
        const inputs = [await distributionInputs(connection), await distributionInputs(connection)];
        const reports: WaitReport[] = [];
        const unwatch = clientFor(connection).onWait((r) => reports.push(r));
        const t0 = Date.now();
        const errors = (await Promise.all(
            inputs.map((i) => P.distribution.create(i).catch((e: Error) => e)),
        )) as Error[];
        unwatch();
        expect((Date.now() - t0) / 1000).toBeLessThan(90);
        for (const [i, err] of errors.entries()) {
            // Each failure names every task that was waiting, and why none can run.
            expect(err.message).toMatch(
                new RegExp(`^no Pulp worker is online at ${pulp.apiUrl} .*these tasks cannot run: `),
            );
            for (const x of inputs)
                expect(err.message).toMatch(
                    new RegExp(
                        `creating file distribution '${x.name}' \\(/pulp/api/v3/tasks/[^,]+/, waiting\\)`,
                    ),
                );
            expect(err.message).toMatch(/Start pulpcore-worker .*then run again; canceled/);
            canceled.push({ task: taskOf(err.message.split(inputs[i].name)[1]), name: inputs[i].name });
        }
        // While they waited, the reports said on what, and that no worker was online.
        expect(reports.at(-1)).toMatchObject({ server: pulp.apiUrl, workersOnline: 0 });
        expect(
            reports
                .at(-1)!
                .tasks.map((t) => [t.what, t.state])
                .sort(),
        ).toEqual(inputs.map((i) => [`creating file distribution '${i.name}'`, "waiting"]).sort());
    })();
});

test("release-train sync says what it waits for, and a Pulp without workers stops the run", async () => {
    await withPulpLogs(pulp, async () => {
        const name = uniq("outage-sync");
        await P.remote.create({
            connection,
            plugin: "file",
            name: `${name}-remote`,
            url: "http://127.0.0.1:9/PULP_MANIFEST",
        });
        await P.repository.create({ connection, plugin: "file", name });
        const progress: string[] = [];
        const entry = { name, short_name: "outage_sync", type: "file" } as CatalogueEntry;
        const err = (await syncAll(
            client,
            [entry],
            {},
            {
                concurrency: 1,
                retries: 3,
                minRetryMs: 1000,
                progress: (short, what) => progress.push(`${short}: ${what}`),
            },
        ).catch((e: Error) => e)) as Error;
        expect(err.message).toMatch(/^no Pulp worker is online at .*syncing outage_sync/);
        expect(progress).toContainEqual(
            expect.stringMatching(/^outage_sync: Pulp task waiting for \d+s; no Pulp worker online$/),
        );
        // Not retried: no other attempt could have run either.
        expect(progress.filter((p) => /retrying/.test(p))).toEqual([]);
    })();
});

test("reclaim with a short orphan protection refuses while a task could lose its content", async () => {
    await withPulpLogs(pulp, async () => {
        // A task that waits for a worker: with protection 0 the cleanup could take what it makes.
        const repo = await P.repository.create({ connection, plugin: "file", name: uniq("outage-reclaim") });
        const auth = { username: connection.username, password: connection.password };
        const { task } = (
            await axios.post<{ task: string }>(
                new URL(`${repo.id}modify/`, connection.baseUrl).href,
                {},
                { auth },
            )
        ).data;
        try {
            const cleanups = async () =>
                (await client.list("tasks/", { name: "pulpcore.app.tasks.orphan.orphan_cleanup" })).length;
            const before = await cleanups();
            const err = (await reclaim(
                client,
                [],
                {},
                { dryRun: false, protectionMinutes: 0, say: () => {} },
            ).catch((e: Error) => e)) as Error;
            expect(err.message).toMatch(
                /^orphan cleanup not run: with --orphan-protection 0 it could delete the content of \d+ Pulp task\(s\) that run or wait to run: /,
            );
            expect(err.message).toContain(`pulpcore.app.tasks.repository.add_and_remove (waiting, ${task})`);
            expect(err.message).toMatch(/Run it again once they finish, or leave out --orphan-protection/);
            expect(await cleanups()).toBe(before);
            // A waiting task makes nothing yet: an hour's protection covers anything it makes once it starts.
            expect(await tasksAtRisk(client, 60)).toEqual([]);
            expect((await tasksAtRisk(client, 0)).map((t) => t.pulp_href)).toContain(task);
        } finally {
            await axios.patch(new URL(task, connection.baseUrl).href, { state: "canceled" }, { auth });
        }
    })();
});

test("once workers are back, the canceled creates never run and the next run converges", async () => {
    await withPulpLogs(pulp, async () => {
        expect(canceled).toHaveLength(3);
        for (const c of canceled)
            expect(["canceling", "canceled"]).toContain((await client.get<{ state: string }>(c.task)).state);
        startPulp(NAME); // brings back only the stopped workers, keeping the data
        // Pulp leaves a task canceled while no worker was online "canceling"; either way it never runs.
        await new Promise((r) => setTimeout(r, 5000));
        for (const c of canceled) {
            expect(["canceling", "canceled"]).toContain((await client.get<{ state: string }>(c.task)).state);
            expect(await client.findOne("distributions/file/file/", { name: c.name })).toBeUndefined();
        }
        const inputs = await distributionInputs(connection);
        const created = await P.distribution.create(inputs);
        expect((await client.get<{ base_path: string }>(created.id)).base_path).toBe(inputs.base_path);
    })();
});
