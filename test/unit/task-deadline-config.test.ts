import { connectionFrom, parseStackConfig } from "../../stacks/config";

const base = { role: "ark", pulpUrl: "https://ark.example.com" };

describe("release-train:pulpTaskTimeoutSeconds", () => {
    test("sets the task deadline of the stack's Pulp connection", () => {
        const cfg = parseStackConfig({ ...base, pulpTaskTimeoutSeconds: "600" });
        expect(connectionFrom(cfg, "pw").taskTimeoutMs).toBe(600_000);
    });

    test("unset, the connection carries no deadline, so existing resources see no change", () => {
        expect(Object.keys(connectionFrom(parseStackConfig(base), "pw")).sort()).toEqual([
            "apiRoot",
            "baseUrl",
            "password",
            "username",
        ]);
    });

    test("a value that is not a number of seconds (at least 10) names the key", () => {
        expect(() => parseStackConfig({ ...base, pulpTaskTimeoutSeconds: "5" })).toThrow(
            "release-train:pulpTaskTimeoutSeconds: release-train:pulpTaskTimeoutSeconds must be at least 10",
        );
        expect(() => parseStackConfig({ ...base, pulpTaskTimeoutSeconds: "ten minutes" })).toThrow(
            /release-train:pulpTaskTimeoutSeconds must be a number of seconds, e.g. 600/,
        );
    });
});
