import * as pulumi from "@pulumi/pulumi";
import { PulpClient } from "../../components/pulp/client/http";
import {
    ContentGuard,
    Distribution,
    Group,
    Publication,
    Remote,
    Repository,
    RoleAssignment,
    Snapshot,
    User,
} from "../../components/pulp";
import { makeTestPki } from "../harness/certs";
import { changes, inlineStack, stateText } from "../harness/engine";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// One stack with every provider kind, on the real engine against a real Pulp.
jest.setTimeout(600_000); // on a shared 2-core machine a step can take a minute
const pulp = testPulp("ark");
const connection = connectionOf(pulp);
const pki = makeTestPki();
const CLIENT_PASSWORD = "client-password-e2e-1";
const REMOTE_PASSWORD = "upstream-password-e2e-2";

function program(p: string) {
    return async () => {
        const user = new User(`${p}-user`, {
            connection,
            username: `${p}-client`,
            password: CLIENT_PASSWORD,
        });
        const group = new Group(`${p}-clients`, {
            connection,
            name: `${p}-clients`,
            members: [user.username],
        });
        const release = new ContentGuard(`${p}-release`, {
            connection,
            guard_type: "rbac",
            name: `${p}-release`,
            downloader_groups: [group.name],
        });
        const x509 = new ContentGuard(`${p}-x509`, {
            connection,
            guard_type: "x509",
            name: `${p}-x509`,
            ca_certificate: pki.caCert,
        });
        const either = new ContentGuard(`${p}-either`, {
            connection,
            guard_type: "composite",
            name: `${p}-either`,
            guards: [release.pulp_href, x509.pulp_href],
        });
        const remote = new Remote(`${p}-remote`, {
            connection,
            plugin: "rpm",
            name: `${p}-remote`,
            url: "https://127.0.0.1:9/upstream/",
            policy: "on_demand",
            sync_policy: "mirror_complete",
            client_cert: pki.clientCert,
            client_key: pki.clientKey,
            ca_cert: pki.caCert,
            username: "ark-client",
            password: REMOTE_PASSWORD,
        });
        const rpm = new Repository(`${p}-rpm`, {
            connection,
            plugin: "rpm",
            name: `${p}-rpm`,
            remote: remote.pulp_href,
        });
        const files = new Repository(`${p}-files`, { connection, plugin: "file", name: `${p}-files` });
        const pub = new Publication(`${p}-pub`, {
            connection,
            plugin: "file",
            repository_version: pulumi.interpolate`${files.pulp_href}versions/0/`,
        });
        const dist = new Distribution(`${p}-dist`, {
            connection,
            plugin: "file",
            name: `${p}-dist`,
            base_path: `e2e/${p}`,
            publication: pub.pulp_href,
            content_guard: either.pulp_href,
        });
        const snap = new Snapshot(`${p}-snap`, {
            connection,
            plugin: "file",
            repository_version: pulumi.interpolate`${files.pulp_href}versions/0/`,
            name: `${p}-snap`,
            base_path: `e2e/${p}-snap`,
            content_guard: release.pulp_href,
            pulp_labels: { "release-train.immutable": "true", "release-train.version": "0" },
        });
        const role = new RoleAssignment(`${p}-viewer`, {
            connection,
            role: "rpm.rpmrepository_viewer",
            content_object: rpm.pulp_href,
            group: group.name,
        });
        return {
            dist: dist.pulp_href,
            rpm: rpm.pulp_href,
            role: role.pulp_href,
            release: release.pulp_href,
            snap: snap.pulp_href,
        };
    };
}

test(
    "every kind: up, up with no changes, refresh clean, drift detected and repaired, destroy; no secret in state",
    withPulpLogs(pulp, async () => {
        const p = uniq("kinds");
        const stack = await inlineStack("rt-all-kinds", "e2e", program(p));
        const first = await stack.up();
        expect(changes(first.summary)).toEqual({ create: 13 });

        const again = await stack.up();
        expect(changes(again.summary)).toEqual({ same: 13 });
        const clean = await stack.refresh();
        expect(changes(clean.summary)).toEqual({ same: 13 });

        const state = await stateText(stack);
        for (const secret of [
            CLIENT_PASSWORD,
            REMOTE_PASSWORD,
            connection.password === "password" ? '"password":"password"' : connection.password,
        ]) {
            expect(state).not.toContain(secret);
        }
        expect(state).not.toContain("PRIVATE KEY");

        // Out-of-band: a distribution deleted, a guard role granted by hand, a snapshot unpublished.
        const client = new PulpClient(connection);
        const served = async () =>
            (await client.get<{ publication: string | null }>(first.outputs.snap.value)).publication;
        const published = await served();
        expect(published).toMatch(/\/publications\/file\/file\//);
        await client.delete(first.outputs.dist.value);
        await client.delete(published!);
        await client.write("POST", `${first.outputs.release.value}add_role/`, {
            role: "core.rbaccontentguard_downloader",
            users: [`${p}-client`],
        });
        const drift = await stack.refresh();
        // The snapshot stays in the state (it repairs itself in place) with its publication gone.
        expect(changes(drift.summary)).toMatchObject({ delete: 1, update: 2 });
        const repaired = await stack.up();
        expect(changes(repaired.summary)).toMatchObject({ create: 1, update: 2 });
        const republished = await served();
        expect(republished).not.toBe(published);
        expect(await client.getOrUndefined(republished!)).toBeDefined();
        expect(changes((await stack.up()).summary)).toEqual({ same: 13 });

        const gone = await stack.destroy();
        expect(changes(gone.summary)).toEqual({ delete: 13 });
        expect(await client.getOrUndefined(republished!)).toBeUndefined();
        expect(await client.getOrUndefined(first.outputs.rpm.value)).toBeUndefined();
    }),
);
