import { parseStackConfig } from "../../stacks/config";

describe("stack configuration", () => {
    test("valid config gets its defaults", () => {
        expect(parseStackConfig({ role: "ark", pulpUrl: "https://ark.example.com" })).toEqual({
            role: "ark",
            pulpUrl: "https://ark.example.com",
            pulpUsername: "admin",
            pulpApiRoot: "/pulp/",
        });
    });

    test("every problem is reported at once, each naming its key and the fix", () => {
        expect(() =>
            parseStackConfig({ role: "mirror", pulpUrl: "ark.example.com/x", pulpUrll: "typo" }),
        ).toThrow(
            [
                "invalid stack configuration:",
                "  - release-train:role: release-train:role must be 'ark' or 'client'",
                "  - release-train:pulpUrl: release-train:pulpUrl must be scheme://host[:port], e.g. https://ark.example.com",
                "  - unknown key(s) release-train:pulpUrll: remove them or check the spelling",
            ].join("\n"),
        );
    });
});
