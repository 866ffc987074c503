import * as fs from "fs";
import * as path from "path";
import { providers } from "../../components/pulp/providers/runtime";
import { providerModule, stubFor } from "../../components/pulp/providers/resource";

const SOURCE = path.join(__dirname, "../../components/pulp/providers/stubs");
const INSTALLED = path.dirname(require.resolve("release-train-pulp-stubs/package.json"));
// The loader the SDK's dynamic-provider shim evaluates `__provider` with, resolved as the shim does.
const requireFromString: (code: string) => { handler: () => unknown } = require(
    require.resolve("require-from-string", {
        paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
    }),
);

describe("provider stubs", () => {
    it("are installed as a copy of components/pulp/providers/stubs (run npm ci after changing it)", () => {
        expect(fs.lstatSync(INSTALLED).isSymbolicLink()).toBe(false);
        expect(INSTALLED).toContain(`${path.sep}node_modules${path.sep}`);
        for (const f of fs.readdirSync(SOURCE))
            expect(`${f}: ${fs.readFileSync(path.join(INSTALLED, f), "utf8")}`).toBe(
                `${f}: ${fs.readFileSync(path.join(SOURCE, f), "utf8")}`,
            );
    });

    it.each(Object.keys(providers))(
        "%s is stored in state as a short require() that the shim turns into the stub",
        (kind) => {
            const text = providerModule(kind);
            expect(text.length).toBeLessThan(100);
            // Loaded outside jest's module registry, so the same module but not the same object.
            const loaded = requireFromString(text).handler() as Record<string, unknown>;
            expect(Object.keys(loaded).sort()).toEqual(Object.keys(stubFor(kind)).sort());
            expect(Object.values(loaded).every((f) => typeof f === "function")).toBe(true);
        },
    );

    it("runs the checkout's implementation when the engine calls it", async () => {
        const r = await stubFor("distribution").check!({}, { plugin: "file", name: "" });
        const viaImpl = await providers.distribution.check!({}, { plugin: "file", name: "" });
        expect(r.failures?.length).toBeGreaterThan(0);
        expect(r).toEqual(viaImpl);
    });
});
