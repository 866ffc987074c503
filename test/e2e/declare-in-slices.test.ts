import { declareTrivialInSlices } from "../../bench/lib/floorPrograms";
import { changes, inlineStack } from "../harness/engine";

jest.setTimeout(300_000);

// A program that declares its resources a slice at a time (components/declareInSlices.ts) and
// awaits them, on the real engine: every slice reaches the engine, and a second run changes nothing.
test("resources declared in slices, a turn apart, are all created, and stay put on the next run", async () => {
    const stack = await inlineStack("rt-slices", "e2e", async () => void (await declareTrivialInSlices(250)));
    try {
        // The stack itself is one more resource.
        expect(changes((await stack.up()).summary)).toEqual({ create: 251 });
        expect((await stack.preview({ expectNoChanges: true })).changeSummary).toEqual({ same: 251 });
        expect(
            (await stack.exportStack()).deployment.resources.filter(
                (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/bench:Trivial",
            ),
        ).toHaveLength(250);
    } finally {
        await stack.destroy().catch(() => undefined);
        await stack.workspace.removeStack("e2e").catch(() => undefined);
    }
});
