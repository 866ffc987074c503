import * as pulumi from "@pulumi/pulumi";
import { ContentGuard } from "../../components/pulp";
import { PulpClient } from "../../components/pulp/client/http";
import { stubFor } from "../../components/pulp/providers/resource";
import { LegacyPulpResource } from "../fixtures/legacyRegistration";
import { providerStub } from "../fixtures/legacyStub";
import { changes, inlineStack, stateText } from "../harness/engine";
import { connectionOf, testPulp, uniq, withPulpLogs } from "../harness/pulp";

jest.setTimeout(600_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);

// The provider each older release wrote into state, and a piece of its text there.
const OLDER: [string, () => pulumi.dynamic.ResourceProvider, string][] = [
    ["the stub's own text", () => providerStub("contentGuard"), "components/pulp/providers/runtime"],
    [
        "the SDK's serialization of a require() of the stub",
        () => stubFor("contentGuard"),
        'require(\\"release-train-pulp-stubs/contentGuard.js\\")',
    ],
];

test.each(OLDER)(
    "a stack whose state holds %s previews no changes, refreshes and is destroyed with today's one-line provider",
    (_, older, inState) =>
        withPulpLogs(pulp, async () => {
            const guard = uniq("stub-migration");
            let legacy = true;
            const stack = await inlineStack("rt-stub-migration", "e2e", async () => {
                const args = { guard_type: "rbac" as const, name: guard };
                if (legacy) new LegacyPulpResource(older(), "ContentGuard", "guard", { connection, ...args });
                else new ContentGuard("guard", { connection, ...args });
            });
            try {
                await stack.up();
                expect(await stateText(stack)).toContain(inState);

                legacy = false;
                expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 2 });
                expect(changes((await stack.up()).summary)).toEqual({ same: 2 });
                // The inputs take today's text; the outputs keep the older one until the object changes.
                expect(await stateText(stack)).toContain(
                    'exports.handler = () => require(\\"release-train-pulp-stubs/contentGuard\\")',
                );
                // Refresh reads through whichever provider the state holds; nothing drifted.
                const refreshed = await stack.refresh();
                expect(changes(refreshed.summary)).toEqual({ same: 2 });

                const pulpClient = new PulpClient(connection);
                expect(await pulpClient.findOne("contentguards/core/rbac/", { name: guard })).toBeDefined();
                await stack.destroy();
                expect(await pulpClient.findOne("contentguards/core/rbac/", { name: guard })).toBeUndefined();
            } finally {
                await stack.workspace.removeStack("e2e").catch(() => undefined);
            }
        })(),
);
