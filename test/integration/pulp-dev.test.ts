import { execFile } from "child_process";
import * as net from "net";
import * as path from "path";
import { ROOT } from "../harness/pulp";

// The harness's failures name what failed and where its log is.
jest.setTimeout(120_000);

function pulpDev(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve) =>
        execFile(
            path.join(ROOT, "scripts/pulp-dev"),
            args,
            { env: { ...process.env, ...env } },
            (err, _out, stderr) =>
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
        ),
    );
}

test("a port that is taken is named, with the way out", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
        const r = await pulpDev({ PULP_API_PORT: String(port) }, "start", "test-port-taken");
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is taken (instance 'test-port-taken')`);
    } finally {
        server.close();
        await pulpDev({}, "stop", "test-port-taken");
    }
});

test("a Pulp process that dies during start-up is named with its log", async () => {
    const r = await pulpDev({ PULP_API_WORKERS: "not-a-number" }, "start", "test-bad-start");
    await pulpDev({}, "stop", "test-bad-start");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
        /Pulp instance 'test-bad-start': api exited during start-up \(log: .*test-bad-start\/logs\/api\.log\)/,
    );
    expect(r.stderr).toMatch(/--- last lines of .*api\.log ---/);
});

test("an unknown command says how to use it", async () => {
    const r = await pulpDev({}, "restart", "x");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
        "usage: pulp-dev start|stop|status NAME, pulp-dev front NAME TLS_DIR, or pulp-dev stop-all",
    );
});
