import { PulpClient } from "../../components/pulp/client/http";
import { providers } from "../../components/pulp/providers/runtime";
import { recordingProxy, Seen } from "../harness/recordingProxy";
import { connectionOf, startPulp, stopPulp, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// How the client authenticates, seen from a proxy in front of a real Pulp: one login per client,
// then the session cookie (and Django's CSRF token on writes), never the password again.
jest.setTimeout(180_000);
const pulp = testPulp("ark");
const P = providers as Record<string, Required<import("@pulumi/pulumi").dynamic.ResourceProvider>>;
const isLogin = (s: Seen) => s.path.endsWith("/login/");
const UNSAFE = ["POST", "PATCH", "PUT", "DELETE"];

async function someWork(c: PulpClient) {
    // Several first requests at once: they share one login.
    await Promise.all([1, 2, 3].map(() => c.get("repositories/file/file/", { limit: 1 })));
    const repo = (
        await c.write<{ pulp_href: string }>("POST", "repositories/file/file/", { name: uniq("sess") })
    ).data;
    await c.write("PATCH", repo.pulp_href, { description: "patched" }, "updating a repository");
    await c.delete(repo.pulp_href, "deleting a repository");
}

test(
    "one login per client; afterwards the session cookie, and on writes the CSRF token, never the password",
    withPulpLogs(pulp, async () => {
        const proxy = await recordingProxy(pulp.apiUrl);
        try {
            const c = new PulpClient(connectionOf(pulp, { baseUrl: proxy.url }));
            await someWork(c);
            const logins = proxy.seen.filter(isLogin);
            expect(logins).toHaveLength(1);
            expect(logins[0].headers.authorization).toMatch(/^Basic /);
            const rest = proxy.seen.filter((s) => !isLogin(s));
            expect(rest.length).toBeGreaterThanOrEqual(7);
            for (const s of rest) {
                expect(s.headers.authorization).toBeUndefined();
                expect(s.headers.cookie).toMatch(/sessionid=/);
                if (UNSAFE.includes(s.method)) expect(s.headers["x-csrftoken"]).toBeTruthy();
                expect(s.status).toBeLessThan(400);
            }
            expect(c.auth.logins).toBe(1);
        } finally {
            proxy.close();
        }
    }),
);

test(
    "a server without a login endpoint gets Basic auth on every request",
    withPulpLogs(pulp, async () => {
        const proxy = await recordingProxy(pulp.apiUrl, (req) =>
            req.url?.endsWith("/login/") ? { status: 404 } : undefined,
        );
        try {
            await someWork(new PulpClient(connectionOf(pulp, { baseUrl: proxy.url })));
            const rest = proxy.seen.filter((s) => !isLogin(s));
            expect(proxy.seen.filter(isLogin)).toHaveLength(1);
            for (const s of rest) {
                expect(s.headers.authorization).toMatch(/^Basic /);
                expect(s.status).toBeLessThan(400);
            }
        } finally {
            proxy.close();
        }
    }),
);

test(
    "a session whose CSRF token never arrives (a proxy dropping the header) falls back to Basic auth",
    withPulpLogs(pulp, async () => {
        const proxy = await recordingProxy(pulp.apiUrl, (req) => {
            delete req.headers["x-csrftoken"];
            return undefined;
        });
        try {
            const c = new PulpClient(connectionOf(pulp, { baseUrl: proxy.url }));
            await someWork(c);
            // The first write: refused, a fresh session refused too, then Basic auth from then on.
            const refused = proxy.seen.filter((s) => s.status === 403);
            expect(refused).toHaveLength(2);
            expect(c.auth.logins).toBe(2);
            expect(c.auth.usesSession).toBe(false);
            const last = proxy.seen.filter((s) => UNSAFE.includes(s.method)).pop()!;
            expect(last.headers.authorization).toMatch(/^Basic /);
            expect(last.status).toBeLessThan(400);
        } finally {
            proxy.close();
        }
    }),
);

test(
    "a wrong password: one login attempt, nothing retried, and the error names the user and server only",
    withPulpLogs(pulp, async () => {
        const proxy = await recordingProxy(pulp.apiUrl);
        try {
            const c = new PulpClient(
                connectionOf(pulp, { baseUrl: proxy.url, password: "wrong-password-xyz" }),
            );
            const errors = await Promise.all(
                [1, 2, 3].map(() =>
                    c.get("repositories/").then(
                        () => undefined,
                        (e: Error) => e,
                    ),
                ),
            );
            for (const e of errors) {
                expect(e?.message).toMatch(
                    new RegExp(
                        `Pulp at ${proxy.url} refused user 'admin' \\(HTTP 401 .*check the Pulp username and password`,
                    ),
                );
                expect(e?.message).not.toContain("wrong-password-xyz");
            }
            expect(proxy.seen).toHaveLength(1);
        } finally {
            proxy.close();
        }
    }),
);

test(
    "a user without the permission is refused after one fresh session, naming the user",
    withPulpLogs(pulp, async () => {
        const admin = new PulpClient(connectionOf(pulp));
        const username = uniq("noperm");
        const user = (
            await admin.write<{ pulp_href: string }>("POST", "users/", {
                username,
                password: "no-perm-password-1",
            })
        ).data;
        const proxy = await recordingProxy(pulp.apiUrl);
        try {
            const c = new PulpClient({ baseUrl: proxy.url, username, password: "no-perm-password-1" });
            const err = await c
                .write("POST", "repositories/file/file/", { name: uniq("noperm") })
                .catch((e: Error) => e);
            expect((err as Error).message).toMatch(
                new RegExp(`refused user '${username}' \\(HTTP 403 on POST .*lacks the permission`),
            );
            expect(proxy.seen.map((s) => `${s.method} ${s.status}`)).toEqual([
                "POST 201",
                "POST 403",
                "POST 201",
                "POST 403",
            ]);
        } finally {
            proxy.close();
            await admin.delete(user.pulp_href);
        }
    }),
);

test(
    "the session cookie appears in no provider output and no error",
    withPulpLogs(pulp, async () => {
        const proxy = await recordingProxy(pulp.apiUrl);
        try {
            const connection = connectionOf(pulp, { baseUrl: proxy.url });
            const name = uniq("secret");
            const made = await P.repository.create({ connection, plugin: "file", name });
            const dup = await P.repository
                .create({ connection, plugin: "file", name })
                .catch((e: Error) => e);
            expect((dup as Error).message).toMatch(/already exists.*adopt: true/);
            const read = await P.repository.read(made.id, made.outs);
            const secrets = proxy.seen
                .flatMap((s) => s.setCookie)
                .map((c) => /^(?:sessionid|csrftoken)=([^;]+)/.exec(c)?.[1])
                .filter((v): v is string => !!v);
            expect(secrets.length).toBeGreaterThanOrEqual(2);
            const text = JSON.stringify([made, read]) + (dup as Error).message + (dup as Error).stack;
            for (const v of secrets) expect(text).not.toContain(v);
            await P.repository.delete(made.id, made.outs);
        } finally {
            proxy.close();
        }
    }),
);

describe("an expiring session", () => {
    // A server of its own whose sessions last 4 seconds, so the test sees a real expiry.
    const NAME = "test-session";
    afterAll(() => stopPulp(NAME));

    test("logs in again once, for all the requests it failed, and they go through", async () => {
        const short = startPulp(NAME, { PULP_SESSION_COOKIE_AGE: "4" });
        await withPulpLogs(short, async () => {
            const proxy = await recordingProxy(short.apiUrl);
            try {
                const c = new PulpClient(connectionOf(short, { baseUrl: proxy.url }));
                await c.get("repositories/", { limit: 1 });
                expect(c.auth.logins).toBe(1);
                await new Promise((r) => setTimeout(r, 5000));
                const results = await Promise.all(
                    [1, 2, 3, 4].map(() => c.get("repositories/", { limit: 1 })),
                );
                expect(results).toHaveLength(4);
                expect(c.auth.logins).toBe(2);
                expect(proxy.seen.filter((s) => s.status === 401).length).toBeGreaterThanOrEqual(1);
                expect(proxy.seen.filter(isLogin).map((s) => s.status)).toEqual([201, 201]);
            } finally {
                proxy.close();
            }
        })();
    });
});
