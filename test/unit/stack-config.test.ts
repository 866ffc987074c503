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

describe("client site configuration", () => {
    const site = {
        role: "client",
        pulpUrl: "https://pulp.site.example:8443",
        client: "site-a",
        arkUrl: "https://ark.example.com",
        arkStack: "organization/release-train/prod",
    };
    test("a client stack names its client, Ark's front and where its credentials come from", () => {
        expect(parseStackConfig(site)).toMatchObject({
            ...site,
            pins: "pins/prod",
            catalogue: "catalogue/prod",
        });
    });

    test("client keys are required on client stacks and refused on Ark, each with the fix", () => {
        expect(() => parseStackConfig({ role: "client", pulpUrl: "http://h:1" })).toThrow(
            [
                "invalid stack configuration:",
                "  - release-train:client: is required: the client this site is (its pins file name)",
                "  - release-train:arkUrl: is required: Ark's TLS front, e.g. https://ark.example.com",
            ].join("\n"),
        );
        expect(() =>
            parseStackConfig({ role: "ark", pulpUrl: "http://h:1", arkUrl: "https://ark", client: "x" }),
        ).toThrow(
            /release-train:client: applies to client stacks only: remove the key\n.*release-train:arkUrl: applies to client stacks only/s,
        );
        expect(() =>
            parseStackConfig({
                ...site,
                arkUrl: "http://ark.example.com",
                arkStack: "prod",
                pki: '{"serverNames":["a"]}',
            }),
        ).toThrow(
            [
                "  - release-train:arkUrl: must be https://host[:port] (Ark's TLS front)",
                "  - release-train:arkStack: must be <organization>/<project>/<stack>",
                "  - release-train:pki: only the ark stack holds the PKI (a client site gets its certificate from arkStack): remove the key",
            ].join("\n"),
        );
    });

    test("Ark's PKI config arrives as JSON and is checked", () => {
        const cfg = parseStackConfig({
            role: "ark",
            pulpUrl: "http://h:1",
            pki: '{"serverNames":["ark.example.com"],"rotations":{"site-a":"2"}}',
        });
        expect(cfg.pki).toEqual({
            mode: "generated",
            serverNames: ["ark.example.com"],
            rotations: { "site-a": 2 },
        });
        expect(() =>
            parseStackConfig({ role: "ark", pulpUrl: "http://h:1", pki: '{"validityDays":0}' }),
        ).toThrow(
            [
                "  - release-train:pki.validityDays: must be at least 1 day",
                '  - release-train:pki.serverNames: generated mode needs serverNames: the names and addresses of Ark\'s front, e.g. ["ark.example.com"]',
            ].join("\n"),
        );
    });
});
