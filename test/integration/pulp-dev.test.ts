import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
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

function pulpDevOut(
    env: Record<string, string>,
    ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) =>
        execFile(
            path.join(ROOT, "scripts/pulp-dev"),
            args,
            { env: { ...process.env, ...env } },
            (err, stdout, stderr) =>
                resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
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
    // Restarting a stopped instance whose data is kept spawns its processes from its settings;
    // an API_ROOT Pulp refuses (Dynaconf reads PULP_* from the environment) stops them booting.
    expect((await pulpDev({}, "start", "test-bad-start")).code).toBe(0);
    await pulpDev({}, "stop", "test-bad-start", "--keep");
    const r = await pulpDev({ PULP_API_ROOT: "no-slashes" }, "start", "test-bad-start");
    await pulpDev({}, "stop", "test-bad-start");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
        /Pulp instance 'test-bad-start': api exited during start-up \(log: .*test-bad-start\/logs\/api\.log\)/,
    );
    expect(r.stderr).toMatch(/--- last lines of .*api\.log ---/);
});

test("a worker count that is not a number is named before anything starts", async () => {
    const r = await pulpDev({ PULP_API_WORKERS: "not-a-number" }, "start", "test-bad-count");
    await pulpDev({}, "stop", "test-bad-count");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("--api-workers 'not-a-number' must be a whole number of at least 1");
    expect(r.stderr).toContain("rendering the Pulp settings for 'test-bad-count' failed (PULP_WORKER_CAP,");
});

test("an unknown command says how to use it", async () => {
    const r = await pulpDev({}, "restart", "x");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
        "usage: pulp-dev start NAME [--token-auth], pulp-dev stop|status NAME, pulp-dev front NAME TLS_DIR, or pulp-dev stop-all",
    );
});

// The harness writes its settings through the generator a deployment uses; these servers run them.
describe("servers started from the generated settings", () => {
    const instances: string[] = [];
    afterAll(async () => {
        for (const n of instances) await pulpDev({}, "stop", n);
    });
    const start = async (name: string, ...flags: string[]) => {
        instances.push(name);
        const r = await pulpDevOut({}, "start", name, ...flags);
        expect(r.stderr).not.toMatch(/error/);
        return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, string | boolean>;
    };

    test("the registry takes basic auth by default, and tokens signed with the instance's key with --token-auth", async () => {
        const plain = await start("test-settings-plain");
        const token = await start("test-settings-token", "--token-auth");
        expect(plain.tokenAuth).toBe(false);
        expect(token.tokenAuth).toBe(true);
        const settings = fs.readFileSync(path.join(String(token.logDir), "../settings.py"), "utf8");
        expect(settings).toMatch(/^# Rendered by release-train \(components\/server\/pulpSettings\.ts\)/);
        expect(fs.statSync(path.join(String(token.logDir), "../settings.py")).mode & 0o777).toBe(0o600);

        const challenge = async (api: unknown) =>
            (await fetch(`${api}/v2/`)).headers.get("www-authenticate") ?? "";
        expect(await challenge(plain.apiUrl)).toMatch(/^Basic /);
        expect(await challenge(token.apiUrl)).toContain(`Bearer realm="${token.apiUrl}/token/"`);

        const password = fs.readFileSync(String(token.passwordFile), "utf8");
        const res = await fetch(`${token.apiUrl}/token/?service=127.0.0.1&scope=repository:x:pull`, {
            headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` },
        });
        expect(res.status).toBe(200);
        const jwt = ((await res.json()) as { token: string }).token;
        const [head, body, sig] = jwt.split(".");
        expect(JSON.parse(Buffer.from(head, "base64url").toString())).toMatchObject({ alg: "ES256" });
        const publicKey = fs.readFileSync(path.join(String(token.logDir), "../token/public.pem"));
        const ok = crypto.verify(
            "sha256",
            Buffer.from(`${head}.${body}`),
            { key: publicKey, dsaEncoding: "ieee-p1363" },
            Buffer.from(sig, "base64url"),
        );
        expect(ok).toBe(true);
    });

    test("an instance is never silently restarted as the other kind", async () => {
        const r = await pulpDev({}, "start", "test-settings-plain", "--token-auth");
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(
            "instance 'test-settings-plain' exists with token auth false: run scripts/pulp-dev stop test-settings-plain first to make it anew with --token-auth",
        );
    });
});
