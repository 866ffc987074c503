import * as fs from "fs";
import * as path from "path";
import { serializeFunction } from "@pulumi/pulumi/runtime";
import { providers } from "../../components/pulp/providers/runtime";
import { stubFor } from "../../components/pulp/providers/resource";

const SOURCE = path.join(__dirname, "../../components/pulp/providers/stubs");
const INSTALLED = path.dirname(require.resolve("release-train-pulp-stubs/package.json"));

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
        "%s serializes into state as a require(), not as its text",
        async (kind) => {
            const stub = stubFor(kind);
            const { text } = await serializeFunction(() => stub, { allowSecrets: true });
            expect(text).toContain(`require("release-train-pulp-stubs/${kind}`);
            expect(text.length).toBeLessThan(400);
        },
    );

    it("runs the checkout's implementation when the engine calls it", async () => {
        const r = await stubFor("distribution").check!({}, { plugin: "file", name: "" });
        const viaImpl = await providers.distribution.check!({}, { plugin: "file", name: "" });
        expect(r.failures?.length).toBeGreaterThan(0);
        expect(r).toEqual(viaImpl);
    });
});
