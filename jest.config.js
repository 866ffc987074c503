// One jest run covers every tier; `--selectProjects unit` runs the fast tier alone.
// Integration and e2e tests share the Pulp servers started once in test/harness/global-setup.ts.
const tsJest = ["ts-jest", { diagnostics: false }];
const common = { testEnvironment: "node", transform: { "^.+\\.ts$": tsJest } };

module.exports = {
    // A generous cap, not a timing assertion: a test that imports the Pulumi SDK can take over 5 s
    // on a loaded 2-core machine. Tests that talk to Pulp set their own.
    testTimeout: 60_000,
    projects: [
        { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
        {
            ...common,
            displayName: "integration",
            testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
            globalSetup: "<rootDir>/test/harness/global-setup.ts",
            globalTeardown: "<rootDir>/test/harness/global-teardown.ts",
        },
        {
            ...common,
            displayName: "e2e",
            testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
            globalSetup: "<rootDir>/test/harness/global-setup.ts",
            globalTeardown: "<rootDir>/test/harness/global-teardown.ts",
        },
    ],
};
