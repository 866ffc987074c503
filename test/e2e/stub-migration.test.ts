import { ContentGuard } from "../../components/pulp";
import { PulpClient } from "../../components/pulp/client/http";
import { LegacyPulpResource } from "../fixtures/legacyRegistration";
import { providerStub } from "../fixtures/legacyStub";
import { changes, inlineStack, stateText } from "../harness/engine";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

jest.setTimeout(600_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);

test(
    "a stack whose state holds the old stub text previews no changes, refreshes and is destroyed with today's stubs",
    withPulpLogs(pulp, async () => {
        const guard = uniq("stub-migration");
        let legacy = true;
        const stack = await inlineStack("rt-stub-migration", "e2e", async () => {
            const args = { guard_type: "rbac" as const, name: guard };
            // A guard as every stack wrote it before the stubs moved: the stub's text in its state.
            if (legacy)
                new LegacyPulpResource(providerStub("contentGuard"), "ContentGuard", "guard", {
                    connection,
                    ...args,
                });
            else new ContentGuard("guard", { connection, ...args });
        });
        try {
            await stack.up();
            expect(await stateText(stack)).toContain("components/pulp/providers/runtime");

            legacy = false;
            expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
            expect(changes((await stack.up()).summary)).toEqual({ same: 2 });
            expect(await stateText(stack)).toContain('require(\\"release-train-pulp-stubs/contentGuard');
            // Refresh reads through whichever stub the state holds; nothing drifted.
            const refreshed = await stack.refresh();
            expect(changes(refreshed.summary)).toEqual({ same: 2 });

            const pulpClient = new PulpClient(connection);
            expect(await pulpClient.findOne("contentguards/core/rbac/", { name: guard })).toBeDefined();
            await stack.destroy();
            expect(await pulpClient.findOne("contentguards/core/rbac/", { name: guard })).toBeUndefined();
        } finally {
            await stack.workspace.removeStack("e2e").catch(() => undefined);
        }
    }),
);
