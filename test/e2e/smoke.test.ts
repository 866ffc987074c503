import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PulpClient } from "../../components/pulp/client/http";
import { Distribution, Repository } from "../../components/pulp";
import { changes, inlineStack, localProgramStack, stateText, tempProjectDir } from "../harness/engine";
import { connectionOf, ROOT, testPulp, uniq, withPulpLogs } from "../harness/pulp";

// Proves the toolchain: the real CLI, the dynamic-provider shim and a real Pulp.
jest.setTimeout(300_000);
const pulp = testPulp("ark");
const connection = connectionOf(pulp);

describe("smoke: a dynamic Pulp resource on the real engine", () => {
    test(
        "inline program: up, up again with no changes, refresh finds drift, destroy",
        withPulpLogs(pulp, async () => {
            const name = uniq("smoke");
            const program = async () => {
                const repo = new Repository(`${name}-repo`, {
                    connection,
                    plugin: "file",
                    name,
                    description: "smoke",
                });
                const dist = new Distribution(`${name}-dist`, {
                    connection,
                    plugin: "file",
                    name,
                    base_path: `smoke/${name}`,
                    repository: repo.pulp_href,
                });
                return { repo: repo.pulp_href, basePath: dist.base_path };
            };
            const stack = await inlineStack("rt-smoke", "smoke", program);
            const first = await stack.up();
            expect(changes(first.summary)).toEqual({ create: 3 });
            const href = first.outputs.repo.value as string;
            const client = new PulpClient(connection);
            expect((await client.get<{ name: string }>(href)).name).toBe(name);

            const second = await stack.up();
            expect(changes(second.summary)).toEqual({ same: 3 });
            expect(await stateText(stack)).not.toContain(
                connection.password === "password" ? '"password":"password"' : connection.password,
            );

            await client.write("PATCH", href, { description: "edited outside Pulumi" });
            const refreshed = await stack.refresh();
            expect(changes(refreshed.summary)).toMatchObject({ update: 1 });
            const third = await stack.up();
            expect(changes(third.summary)).toMatchObject({ update: 1 });
            expect((await client.get<{ description: string }>(href)).description).toBe("smoke");

            const gone = await stack.destroy();
            expect(changes(gone.summary)).toEqual({ delete: 3 });
            expect(await client.getOrUndefined(href)).toBeUndefined();
        }),
    );

    test(
        "a program on disk through the Node.js language host",
        withPulpLogs(pulp, async () => {
            const dir = tempProjectDir("rt-local-");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: rt-local\nruntime: nodejs\n");
            fs.writeFileSync(
                path.join(dir, "tsconfig.json"),
                JSON.stringify({
                    compilerOptions: {
                        strict: true,
                        module: "commonjs",
                        moduleResolution: "node",
                        esModuleInterop: true,
                    },
                }),
            );
            const name = uniq("local");
            fs.writeFileSync(
                path.join(dir, "index.ts"),
                `import { Repository } from ${JSON.stringify(path.join(ROOT, "components/pulp"))};\n` +
                    `const connection = ${JSON.stringify({ ...connection, password: "__PW__" })};\n` +
                    `import * as pulumi from "@pulumi/pulumi";\n` +
                    `const pw = new pulumi.Config().requireSecret("pulpPassword");\n` +
                    `const repo = new Repository("repo", { connection: pw.apply((password) => ({ ...connection, password })), plugin: "rpm", name: ${JSON.stringify(name)} });\n` +
                    `export const href = repo.pulp_href;\n`,
            );
            const stack = await localProgramStack(dir, "local");
            await stack.setConfig("pulpPassword", { value: connection.password, secret: true });
            const up = await stack.up();
            expect(changes(up.summary)).toEqual({ create: 2 });
            expect(up.outputs.href.value).toMatch(/\/repositories\/rpm\/rpm\//);
            const again = await stack.preview({ expectNoChanges: true });
            expect(again.changeSummary).toEqual({ same: 2 });
            expect(await stateText(stack)).not.toMatch(new RegExp(`"password":\\s*"${connection.password}"`));
            await stack.destroy();
            void pulumi;
        }),
    );
});
