import * as pulumi from "@pulumi/pulumi";
import { ContentGuard, Repository, Snapshot } from "../../components/pulp";
import { PulpClient } from "../../components/pulp/client/http";
import { stubFor } from "../../components/pulp/providers/resource";
import { SnapshotArgs } from "../../components/pulp/providers/snapshot";
import { LegacyPulpResource } from "../fixtures/legacyRegistration";
import { changes, inlineStack } from "../harness/engine";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// A Snapshot is constructed with its fields under `spec` (one SDK Output instead of eight); its
// provider's check puts them back at the top level. A stack written before that (each field a
// property of its own: LegacyPulpResource) must not notice.
jest.setTimeout(600_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);

type Mode = { flat: boolean; guard: "dev" | "rel"; version?: string; ignoreGuard?: boolean };

function program(p: string, mode: () => Mode) {
    return async () => {
        const m = mode();
        const dev = new ContentGuard(`${p}-dev`, { connection, guard_type: "rbac", name: `${p}-dev` });
        const rel = new ContentGuard(`${p}-rel`, { connection, guard_type: "rbac", name: `${p}-rel` });
        const repo = new Repository(`${p}-files`, { connection, plugin: "file", name: `${p}-files` });
        // Today's program names the version by repository and number, as ReleaseSnapshot does.
        const version: Partial<SnapshotArgs> = m.version
            ? { repository_version: m.version }
            : m.flat
              ? { repository_version: pulumi.interpolate`${repo.pulp_href}versions/0/` }
              : { repository: repo.pulp_href, version: 0 };
        const args: SnapshotArgs = {
            connection,
            plugin: "file",
            ...version,
            name: `${p}-snap`,
            base_path: `e2e/${p}-snap`,
            content_guard: (m.guard === "dev" ? dev : rel).pulp_href,
            pulp_labels: { "release-train.immutable": "true", "release-train.version": "0" },
        };
        const snap = m.flat
            ? new LegacyPulpResource(stubFor("snapshot"), "Snapshot", `${p}-snap`, { ...args }, ["published"])
            : new Snapshot(`${p}-snap`, args, m.ignoreGuard ? { ignoreChanges: ["content_guard"] } : {});
        return { snap: snap.id, rel: rel.pulp_href };
    };
}

/** The Snapshot's inputs as the state holds them. */
async function storedInputs(
    stack: Awaited<ReturnType<typeof inlineStack>>,
): Promise<Record<string, unknown>> {
    const state = await stack.exportStack();
    const snaps = (state.deployment.resources as { type: string; inputs: Record<string, unknown> }[]).filter(
        (r) => r.type === "pulumi-nodejs:dynamic/pulp:Snapshot",
    );
    expect(snaps).toHaveLength(1);
    return snaps[0].inputs;
}

test(
    "a snapshot registered field by field before the spec previews no changes; promotion, ignoreChanges, validation and refresh read and write the same state",
    withPulpLogs(pulp, async () => {
        const p = uniq("spec");
        let mode: Mode = { flat: true, guard: "dev" };
        const stack = await inlineStack(
            "rt-snapshot-spec",
            "e2e",
            program(p, () => mode),
        );
        try {
            expect(changes((await stack.up()).summary)).toEqual({ create: 5 });
            const before = await storedInputs(stack);

            mode = { flat: false, guard: "dev" };
            expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 5 });
            expect(changes((await stack.up()).summary)).toEqual({ same: 5 });
            const after = await storedInputs(stack);
            expect(after).not.toHaveProperty("spec");
            expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());

            // Promotion: one update of the guard, stored at the top level as before.
            mode = { flat: false, guard: "rel" };
            const promoted = await stack.up({ diff: true });
            expect(changes(promoted.summary)).toEqual({ same: 4, update: 1 });
            expect(promoted.stdout).toContain("content_guard");
            const client = new PulpClient(connection);
            const dist = await client.get<{ content_guard: string }>(promoted.outputs.snap.value);
            expect(dist.content_guard).toBe(promoted.outputs.rel.value);
            expect((await storedInputs(stack)).content_guard).toBe(promoted.outputs.rel.value);

            // ignoreChanges names a field as the state holds it, and keeps it.
            mode = { flat: false, guard: "dev", ignoreGuard: true };
            expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 5 });

            // A bad field is named as before, and nothing changes.
            mode = { flat: false, guard: "rel", version: "/pulp/api/v3/repositories/file/file/x/" };
            await expect(stack.up()).rejects.toThrow(/repository_version.*must be a repository version/s);
            mode = { flat: false, guard: "rel" };
            expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 5 });

            expect(changes((await stack.refresh()).summary)).toEqual({ same: 5 });
            expect(changes((await stack.destroy()).summary)).toEqual({ delete: 5 });
            expect(await client.getOrUndefined(promoted.outputs.snap.value)).toBeUndefined();
        } finally {
            await stack.workspace.removeStack("e2e").catch(() => undefined);
        }
    }),
);
