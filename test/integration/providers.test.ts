import { PulpClient } from "../../components/pulp/client/http";
import { providers } from "../../components/pulp/providers/runtime";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// Each provider's methods, called as the engine calls them, against a real Pulp.
jest.setTimeout(120_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);
const client = new PulpClient(connection);
const P = providers as Record<string, Required<import("@pulumi/pulumi").dynamic.ResourceProvider>>;

async function checked(kind: string, inputs: Record<string, unknown>) {
    const r = await P[kind].check({}, { connection, ...inputs });
    expect(r.failures ?? []).toEqual([]);
    return r.inputs;
}

describe("repository provider", () => {
    test(
        "create, no-op diff, update in place, replace, refresh drift and delete, delete",
        withPulpLogs(pulp, async () => {
            const name = uniq("repo");
            const inputs = await checked("repository", { plugin: "rpm", name, description: "first" });
            const { id, outs } = await P.repository.create(inputs);
            expect(id).toMatch(/^\/pulp\/api\/v3\/repositories\/rpm\/rpm\/[0-9a-f-]+\/$/);
            expect(outs.observed).toMatchObject({ name, description: "first", retain_repo_versions: null });
            // No write-only value set: no (empty, encrypted) digests in the state.
            expect(outs).not.toHaveProperty("secret_digests");

            // Unchanged inputs, and Pulp's own defaults, are not changes.
            expect((await P.repository.diff(id, outs, inputs)).changes).toBe(false);

            const news = { ...inputs, description: "second", retain_repo_versions: 3 };
            const d = await P.repository.diff(id, outs, news);
            expect(d).toMatchObject({ changes: true, replaces: [] });
            const up = await P.repository.update(id, outs, news);
            expect(up.outs.observed).toMatchObject({ description: "second", retain_repo_versions: 3 });
            expect((await client.get<{ description: string }>(id)).description).toBe("second");

            // Removing a field from the program returns it to Pulp's default.
            const back = { ...news, retain_repo_versions: undefined };
            expect((await P.repository.diff(id, up.outs, back)).changes).toBe(true);

            expect((await P.repository.diff(id, up.outs, { ...news, plugin: "deb" })).replaces).toEqual([
                "plugin",
            ]);

            // Drift made outside Pulumi shows up on refresh.
            await client.write("PATCH", id, { description: "changed by hand" });
            const r = await P.repository.read(id, up.outs);
            expect(r.props.observed.description).toBe("changed by hand");
            expect(r.props).not.toHaveProperty("secret_digests");
            // State written while empty digests were still stored keeps them: refresh changes nothing.
            expect(
                (await P.repository.read(id, { ...up.outs, secret_digests: {} })).props.secret_digests,
            ).toEqual({});
            expect((await P.repository.diff(id, r.props, news)).changes).toBe(true);

            await client.delete(id);
            expect((await P.repository.read(id, up.outs)).id).toBe("");
            await expect(P.repository.delete(id, up.outs)).resolves.toBeUndefined();
        }),
    );

    test(
        "a duplicate name is a clear error unless adopted",
        withPulpLogs(pulp, async () => {
            const name = uniq("dup");
            const inputs = await checked("repository", { plugin: "file", name });
            const first = await P.repository.create(inputs);
            await expect(P.repository.create(inputs)).rejects.toThrow(
                new RegExp(`file repository '${name}'.*already exists.*adopt: true`),
            );
            const adopted = await P.repository.create({ ...inputs, adopt: true, description: "adopted" });
            expect(adopted.id).toBe(first.id);
            expect(adopted.outs.observed.description).toBe("adopted");
            await P.repository.delete(first.id, first.outs);
        }),
    );
});

describe("remote provider", () => {
    test(
        "passwords are diffed by digest, never kept in state, and a cleared one is drift",
        withPulpLogs(pulp, async () => {
            const name = uniq("remote");
            const inputs = await checked("remote", {
                plugin: "rpm",
                name,
                url: "http://127.0.0.1:9/repo/",
                username: "client-a",
                password: "s3cret-password",
                sync_policy: "mirror_complete",
                policy: "on_demand",
            });
            const { id, outs } = await P.remote.create(inputs);
            expect(JSON.stringify(outs)).not.toContain("s3cret-password");
            expect(outs.secret_digests?.password).toMatch(/^scrypt\$/);
            expect(outs.observed.pulp_labels).toEqual({ "release-train.sync_policy": "mirror_complete" });
            expect((await P.remote.diff(id, outs, inputs)).changes).toBe(false);
            expect((await P.remote.diff(id, outs, { ...inputs, password: "another-password" })).changes).toBe(
                true,
            );

            await client.write("PATCH", id, { password: null });
            const r = await P.remote.read(id, outs);
            expect(r.props.secret_digests?.password).toBeUndefined();
            expect((await P.remote.diff(id, r.props, inputs)).changes).toBe(true);
            const fixed = await P.remote.update(id, r.props, inputs);
            const hidden = (await client.get<{ hidden_fields: { name: string; is_set: boolean }[] }>(id))
                .hidden_fields;
            expect(hidden.find((h) => h.name === "password")?.is_set).toBe(true);
            expect(JSON.stringify(fixed.outs)).not.toContain("s3cret-password");
            await P.remote.delete(id, fixed.outs);
        }),
    );
});

describe("publication and distribution providers", () => {
    test(
        "serve a repository, then a publication of one version; switching nulls the other field",
        withPulpLogs(pulp, async () => {
            const repo = await P.repository.create(
                await checked("repository", { plugin: "file", name: uniq("pubrepo") }),
            );
            const versionHref = `${repo.id}versions/0/`;
            const pub = await P.publication.create(
                await checked("publication", { plugin: "file", repository_version: versionHref }),
            );
            expect(pub.id).toMatch(/\/publications\/file\/file\//);
            expect(pub.outs.observed.repository_version).toBe(versionHref);
            // Publications are immutable: any change replaces.
            const pubDiff = await P.publication.diff(pub.id, pub.outs, {
                ...pub.outs,
                repository_version: `${repo.id}versions/1/`,
            });
            expect(pubDiff.replaces).toContain("repository_version");

            const name = uniq("dist");
            const inputs = await checked("distribution", {
                plugin: "file",
                name,
                base_path: `rt-test/${name}`,
                repository: repo.id,
            });
            const dist = await P.distribution.create(inputs);
            expect((await P.distribution.diff(dist.id, dist.outs, inputs)).changes).toBe(false);

            const toPub = { ...inputs, repository: undefined, publication: pub.id };
            const up = await P.distribution.update(dist.id, dist.outs, toPub);
            const served = await client.get<{ repository: string | null; publication: string }>(dist.id);
            expect(served).toMatchObject({ repository: null, publication: pub.id });
            expect((await P.distribution.diff(dist.id, up.outs, toPub)).changes).toBe(false);

            // A second distribution whose base_path overlaps the first is refused, naming the field.
            const overlap = await checked("distribution", {
                plugin: "file",
                name: uniq("overlap"),
                base_path: `rt-test/${name}/below`,
                repository: repo.id,
            });
            await expect(P.distribution.create(overlap)).rejects.toThrow(/base_path.*[Oo]verlaps/);

            // A content guard that does not exist is refused, naming the field.
            const badGuard = {
                ...toPub,
                content_guard: "/pulp/api/v3/contentguards/core/rbac/00000000-0000-0000-0000-000000000000/",
            };
            await expect(P.distribution.update(dist.id, up.outs, badGuard)).rejects.toThrow(/content_guard/);

            await P.distribution.delete(dist.id, up.outs);
            expect((await P.distribution.read(dist.id, up.outs)).id).toBe("");
            await P.publication.delete(pub.id, pub.outs);
            await P.repository.delete(repo.id, repo.outs);
        }),
    );
});

describe("users, groups, guards and roles", () => {
    test(
        "an RBAC guard lets exactly its groups download; membership and roles reconcile",
        withPulpLogs(pulp, async () => {
            const username = uniq("client");
            const user = await P.user.create(
                await checked("user", { username, password: "client-password-1" }),
            );
            expect(JSON.stringify(user.outs)).not.toContain("client-password-1");

            const groupInputs = await checked("group", { name: uniq("clients"), members: [username] });
            const group = await P.group.create(groupInputs);
            expect(group.outs.observed.members).toEqual([username]);

            const guardInputs = await checked("contentGuard", {
                guard_type: "rbac",
                name: uniq("release"),
                downloader_groups: [groupInputs.name],
            });
            const guard = await P.contentGuard.create(guardInputs);
            expect(guard.outs.observed).toMatchObject({
                downloader_groups: [groupInputs.name],
                downloader_users: [],
            });
            expect((await P.contentGuard.diff(guard.id, guard.outs, guardInputs)).changes).toBe(false);

            // Someone grants the role by hand: refresh sees it and the next update takes it away.
            await client.write("POST", `${guard.id}add_role/`, {
                role: "core.rbaccontentguard_downloader",
                users: [username],
            });
            const drifted = await P.contentGuard.read(guard.id, guard.outs);
            expect(drifted.props.observed.downloader_users).toEqual([username]);
            const withUsers = { ...guardInputs, downloader_users: [] };
            expect((await P.contentGuard.diff(guard.id, drifted.props, withUsers)).changes).toBe(true);
            const fixed = await P.contentGuard.update(guard.id, drifted.props, withUsers);
            expect(fixed.outs.observed.downloader_users).toEqual([]);

            // Membership drift, then reconcile.
            const userId = (user.id as string).split("/").filter(Boolean).pop();
            await client.delete(`${group.id}users/${userId}/`);
            const g2 = await P.group.read(group.id, group.outs);
            expect(g2.props.observed.members).toEqual([]);
            expect((await P.group.diff(group.id, g2.props, groupInputs)).changes).toBe(true);
            expect((await P.group.update(group.id, g2.props, groupInputs)).outs.observed.members).toEqual([
                username,
            ]);

            const roleInputs = await checked("roleAssignment", {
                role: "core.rbaccontentguard_downloader",
                content_object: guard.id,
                user: username,
            });
            const role = await P.roleAssignment.create(roleInputs);
            expect(role.id).toMatch(/\/users\/\d+\/roles\//);
            expect((await P.roleAssignment.diff(role.id, role.outs, roleInputs)).changes).toBe(false);
            expect(
                (await P.roleAssignment.diff(role.id, role.outs, { ...roleInputs, user: "other" })).replaces,
            ).toEqual(["user"]);
            await P.roleAssignment.delete(role.id, role.outs);
            expect((await P.roleAssignment.read(role.id, role.outs)).id).toBe("");

            for (const [k, r] of [
                ["contentGuard", guard],
                ["group", group],
                ["user", user],
            ] as const) {
                await P[k].delete(r.id, r.outs as never);
            }
        }),
    );

    test(
        "an x509 guard normalises its CA certificate like Pulp does",
        withPulpLogs(pulp, async () => {
            const { execFileSync } = await import("child_process");
            const pem = execFileSync(
                "openssl",
                [
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    "/dev/null",
                    "-subj",
                    "/CN=rt-test-ca",
                    "-days",
                    "1",
                ],
                { encoding: "utf8" },
            );
            const inputs = await checked("contentGuard", {
                guard_type: "x509",
                name: uniq("x509"),
                ca_certificate: `# comment\n${pem}`,
            });
            const g = await P.contentGuard.create(inputs);
            expect((await P.contentGuard.diff(g.id, g.outs, inputs)).changes).toBe(false);
            await P.contentGuard.delete(g.id, g.outs);
        }),
    );
});

describe("server errors are worded for an operator", () => {
    test("an unreachable server is named", async () => {
        const c = new PulpClient({ baseUrl: "http://127.0.0.1:9", username: "admin", password: "x" });
        await expect(c.get("status/")).rejects.toThrow(
            /cannot reach Pulp at http:\/\/127\.0\.0\.1:9.*ECONNREFUSED/,
        );
    });

    test("a wrong password says what to check and does not echo it", async () => {
        const bad = { ...connection, password: "wrong-password-xyz" };
        const err = await P.repository
            .create({ connection: bad, plugin: "rpm", name: uniq("x") })
            .catch((e) => e);
        expect(err.message).toMatch(
            new RegExp(
                `Pulp at ${pulp.apiUrl} refused user 'admin' \\(HTTP 401 .*\\): check the Pulp username and password`,
            ),
        );
        expect(err.message).not.toContain("wrong-password-xyz");
    });

    test(
        "an object the state holds but Pulp lost: the update names pulumi refresh",
        withPulpLogs(pulp, async () => {
            const inputs = await checked("group", { name: uniq("lost"), members: [] });
            const g = await P.group.create(inputs);
            await client.delete(g.id);
            const err = await P.group.update(g.id, g.outs, { ...inputs, members: ["admin"] }).catch((e) => e);
            expect(err.message).toMatch(
                new RegExp(
                    `^group '${inputs.name}' \\(${g.id}\\) is in the stack's state but no longer on ${pulp.apiUrl} .*` +
                        `run 'pulumi refresh' \\(or 'pulumi up --refresh'\\)`,
                ),
            );
        }),
    );

    test(
        "a reference to an object Pulp lost names pulumi refresh too",
        withPulpLogs(pulp, async () => {
            const repo = await P.repository.create(
                await checked("repository", { plugin: "file", name: uniq("gone") }),
            );
            await client.delete(repo.id);
            const name = uniq("dangling");
            const err = await P.distribution
                .create(
                    await checked("distribution", {
                        plugin: "file",
                        name,
                        base_path: `rt-test/${name}`,
                        repository: repo.id,
                    }),
                )
                .catch((e) => e);
            expect(err.message).toMatch(
                /HTTP 400 \(an object it refers to no longer exists on Pulp .*'pulumi refresh'.*repository:/,
            );
        }),
    );
});
