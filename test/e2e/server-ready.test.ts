import { execFile } from "child_process";
import * as path from "path";
import { EngineEvent } from "@pulumi/pulumi/automation";
import { PulpClient, PulpServerReady, Repository } from "../../components/pulp";
import { changes, inlineStack, stateText } from "../harness/engine";
import { connectionOf, PulpInstance, ROOT, startPulp, stopPulp, stopWorkers, uniq } from "../harness/pulp";

// The readiness resource on the real engine, against a Pulp that is down or still starting: what a
// stack waits on after a deployment or an upgrade (the container restarts, migrations run).
jest.setTimeout(600_000);
const NAME = "test-ready";
let pulp: PulpInstance;

/** scripts/pulp-dev without blocking the test process (the engine's events keep flowing). */
const pulpDev = (...args: string[]) =>
    new Promise<void>((resolve, reject) =>
        execFile(path.join(ROOT, "scripts/pulp-dev"), args, { env: process.env }, (err, _out, stderr) =>
            err ? reject(new Error(`pulp-dev ${args.join(" ")}: ${stderr}`)) : resolve(),
        ),
    );

beforeAll(async () => {
    pulp = startPulp(NAME);
    // Down, with its data and ports kept: a start brings the same server back.
    await pulpDev("stop", NAME, "--keep");
});
afterAll(() => stopPulp(NAME));

const statusUrl = () => `${pulp.apiUrl}/pulp/api/v3/status/`;

/** The readiness resource, and a repository that talks to the server only once it is ready. */
function program(repoName: string, timeout: number) {
    return async () => {
        const connection = connectionOf(pulp);
        const ready = new PulpServerReady("ready", { connection, timeout_seconds: timeout });
        const repo = new Repository("repo", {
            connection: ready.gate(connection),
            plugin: "file",
            name: repoName,
        });
        return { versions: ready.observed.apply((o) => o?.versions), repo: repo.pulp_href };
    };
}

test("with the server down, up fails after the timeout naming the URL and the last status", async () => {
    const stack = await inlineStack("rt-ready", "down", program(uniq("ready"), 3));
    const err = (await stack.up().catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(
        `Pulp at ${statusUrl()} is not ready after 3s; last status: no answer (ECONNREFUSED). Check that its container (or processes) runs`,
    );
    // Nothing that talks to the server was attempted.
    expect(err.message).not.toContain("repo");
});

test("up started while the server is down waits until it is ready, then declares what talks to it", async () => {
    const repoName = uniq("ready");
    const stack = await inlineStack("rt-ready", "starting", program(repoName, 300));
    const events: string[] = [];
    let waiting!: () => void;
    const readyBegun = new Promise<void>((r) => (waiting = r));
    const onEvent = (e: EngineEvent) => {
        const pre = e.resourcePreEvent?.metadata;
        const out = e.resOutputsEvent?.metadata;
        if (pre?.op === "create") events.push(`start ${pre.urn.split("::").pop()}`);
        if (out?.op === "create") events.push(`done ${out.urn.split("::").pop()}`);
        if (pre?.op === "create" && pre.type.endsWith("ServerReady")) waiting();
    };
    const up = stack.up({ onEvent });
    await readyBegun;
    // The server comes up while the readiness resource is already waiting for it.
    await new Promise((r) => setTimeout(r, 3000));
    await pulpDev("start", NAME);
    const r = await up;
    expect(r.summary.result).toBe("succeeded");
    expect(events.indexOf("done ready")).toBeGreaterThan(-1);
    expect(events.indexOf("done ready")).toBeLessThan(events.indexOf("start repo"));
    expect(r.outputs.versions.value).toMatchObject({ core: expect.stringMatching(/^3\./) });
    const client = new PulpClient(connectionOf(pulp));
    const found = await client.list<{ name: string }>("repositories/file/file/", { name: repoName });
    expect(found.map((x) => x.name)).toEqual([repoName]);
    // The readiness resource holds the connection as every Pulp resource does: only as a secret.
    expect(await stateText(stack)).not.toContain(pulp.password);

    // Idempotent, and a refresh of a ready server finds nothing to change.
    const again = await stack.up();
    expect(changes(again.summary)).toEqual({ same: 3 });
    const refreshed = await stack.refresh();
    expect(changes(refreshed.summary)).toEqual({ same: 3 });
});

test("a server that answers but has no worker is not ready: the error says so", async () => {
    await stopWorkers(pulp);
    try {
        const stack = await inlineStack("rt-ready", "no-worker", program(uniq("ready"), 4));
        const err = (await stack.up().catch((e: Error) => e)) as Error;
        expect(err).toBeInstanceOf(Error);
        expect(err.message).toContain(
            `Pulp at ${statusUrl()} is not ready after 4s; last status: 0 online workers (needs 1)`,
        );
    } finally {
        await pulpDev("start", NAME);
    }
});
