import { parseStackConfig } from "../../stacks/config";

describe("stack configuration", () => {
    test("valid config gets its defaults", () => {
        expect(parseStackConfig({ role: "ark", pulpUrl: "https://ark.example.com" })).toEqual({
            role: "ark",
            pulpUrl: "https://ark.example.com",
            pulpUsername: "admin",
            pulpApiRoot: "/pulp/",
            catalogue: "catalogue/prod",
            ledger: "ledger/prod.yaml",
            pins: "pins/prod",
            retentionDays: 180,
            operators: [],
            ci: [],
        });
    });

    test("lists arrive as JSON strings from Pulumi and are checked", () => {
        expect(
            parseStackConfig({ role: "ark", pulpUrl: "http://h:1", operators: '["alice","bob"]' }).operators,
        ).toEqual(["alice", "bob"]);
        expect(() =>
            parseStackConfig({ role: "ark", pulpUrl: "http://h:1", operators: "alice", retentionDays: "0" }),
        ).toThrow(
            [
                "invalid stack configuration:",
                "  - release-train:retentionDays: must be at least 1",
                '  - release-train:operators: must be a list of usernames, e.g. ["alice"]',
            ].join("\n"),
        );
    });

    test("the file is named when known", () => {
        expect(() => parseStackConfig({ role: "ark" }, "Pulumi.dev.yaml")).toThrow(
            [
                "invalid stack configuration in Pulumi.dev.yaml:",
                "  - Pulumi.dev.yaml: release-train:pulpUrl: is required, e.g. https://ark.example.com",
            ].join("\n"),
        );
    });

    test("every problem is reported at once, each naming its key and the fix", () => {
        expect(() =>
            parseStackConfig({ role: "mirror", pulpUrl: "ark.example.com/x", pulpUrll: "typo" }),
        ).toThrow(
            [
                "invalid stack configuration:",
                "  - release-train:role: must be 'ark' or 'client'",
                "  - release-train:pulpUrl: must be scheme://host[:port], e.g. https://ark.example.com",
                "  - unknown field(s) release-train:pulpUrll: remove them or check the spelling",
            ].join("\n"),
        );
    });
    test("only the ark stack manages the GitHub organisation", () => {
        expect(
            parseStackConfig({ role: "ark", pulpUrl: "http://h:1", github: "github/prod.yaml" }).github,
        ).toBe("github/prod.yaml");
        expect(() =>
            parseStackConfig({ role: "client", pulpUrl: "http://h:1", github: "github/prod.yaml" }),
        ).toThrow("release-train:github: only the ark stack manages the GitHub organisation: remove the key");
        expect(() => parseStackConfig({ role: "ark", pulpUrl: "http://h:1", github: "github/prod" })).toThrow(
            "release-train:github: must be the path of a YAML manifest",
        );
    });
});
