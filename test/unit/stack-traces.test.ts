import * as pulumi from "@pulumi/pulumi";
import { limitStackTraces } from "../../stacks/stackTraces";

describe("limitStackTraces", () => {
    const saved = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
    afterEach(() => {
        Error.stackTraceLimit = saved.limit;
        Error.prepareStackTrace = saved.prepare;
    });

    it("leaves the SDK no frames to map, even when it raises the limit for a source position", () => {
        limitStackTraces({});
        // What Resource.callsites() does for every resource.
        expect(pulumi.Resource["callsites"]()).toEqual([]);
        expect(new Error("boom").stack).toBe("Error: boom");
        const typed = new TypeError("bad field");
        expect(typed.stack).toBe("TypeError: bad field");
    });

    it("keeps frames and their formatting with RELEASE_TRAIN_STACK_TRACES=full", () => {
        const before = Error.prepareStackTrace;
        limitStackTraces({ RELEASE_TRAIN_STACK_TRACES: "full" });
        expect(Error.prepareStackTrace).toBe(before);
        expect(new Error("boom").stack).toMatch(/\n\s+at /);
        expect(pulumi.Resource["callsites"]().some((c: { file?: string }) => c.file)).toBe(true);
    });
});
