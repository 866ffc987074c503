import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { writeEntryPointProject } from "../harness/engine";
import { buildFileRepo } from "../harness/fileRepo";
import { withUpstream } from "../harness/httpServer";
import { ROOT, startPulp, stopPulp, withPulpLogs } from "../harness/pulp";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";

// `release-train up` on the stack's real entry point through the language host: a plan that only
// moves snapshots between guards runs with the final checkpoint alone, anything else with every
// checkpoint, and either way the state ends as the program says (a second preview changes nothing).
jest.setTimeout(900_000);
const ARK = "test-plan-up";

afterAll(() => stopPulp(ARK));

type Run = { code: number; stdout: string; stderr: string };
const tick = () => new Promise((r) => setTimeout(r, 1100)); // snapshot ids have one-second resolution

test("release-train up: a promotion skips per-step checkpoints, other changes keep them", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        await withUpstream(
            "rt-plan-up-",
            (dir) => buildFileRepo(dir, { "a.txt": "one\n" }),
            async (upstream, url) => {
                const project = new ReleaseTrainProject(ark, [
                    {
                        name: "Plan files",
                        short_name: "files",
                        type: "file",
                        url: `${url}PULP_MANIFEST`,
                        base_path: "plan/files/",
                        sync_group: "local",
                    },
                ]);
                const dir = project.dir;
                writeEntryPointProject(dir, "rt-plan");
                const b = project.backend;
                const env = {
                    ...process.env,
                    ...b.envVars,
                    PULUMI_HOME: b.home,
                    RELEASE_TRAIN_PULP_PASSWORD: ark.password,
                };
                const run = (cmd: string, args: string[]) =>
                    new Promise<Run>((resolve) =>
                        execFile(cmd, args, { cwd: dir, env, timeout: 600_000 }, (err, stdout, stderr) =>
                            resolve({
                                code: err ? Number((err as { code?: number }).code ?? 1) : 0,
                                stdout,
                                stderr,
                            }),
                        ),
                    );
                const ok = async (cmd: string, ...args: string[]) => {
                    const r = await run(cmd, args);
                    if (r.code !== 0)
                        throw new Error(`${cmd} ${args.join(" ")}: exit ${r.code}\n${r.stderr}\n${r.stdout}`);
                    return r;
                };
                const stack = ["--stack", project.stackName];
                const cli = (...args: string[]) =>
                    ok(path.join(ROOT, "bin/release-train"), ...args, ...stack, "--project-dir", dir);
                const up = () => cli("up", "--yes");
                const pin = (id: string) => {
                    fs.writeFileSync(
                        path.join(dir, "pins/site-a.yaml"),
                        YAML.stringify({ repositories: { files: id } }),
                    );
                };
                await ok("pulumi", "stack", "init", project.stackName);
                await ok("pulumi", "config", "set", "--secret", "pulpPassword", ark.password, ...stack);
                await ok(
                    "pulumi",
                    "config",
                    "set",
                    "--secret",
                    "clientPasswords",
                    JSON.stringify({ "site-a": "site-a-password" }),
                    ...stack,
                );

                // Creates: every checkpoint.
                expect((await up()).stderr).toMatch(
                    /change\(s\), among them create of .*: the update keeps a checkpoint after every step/,
                );
                await cli("sync");
                await tick();
                buildFileRepo(upstream, { "a.txt": "one\n", "b.txt": "two\n" });
                await cli("sync");
                const [s1, s2] = loadLedger(path.join(dir, "ledger.yaml")).files;
                expect((await up()).stderr).toMatch(/keeps a checkpoint after every step/);
                // The first pin of a client also adds its Ark user to the clients' group: still every checkpoint.
                pin(s1.id);
                expect((await up()).stderr).toMatch(
                    /among them (create|update) of pulumi-nodejs:dynamic\/pulp:(User|Group) .*: the update keeps a checkpoint after every step/,
                );

                const api = new PulpClient({
                    baseUrl: ark.apiUrl,
                    username: ark.username,
                    password: ark.password,
                });
                const guardOf = async (id: string) => {
                    const d = await api.findOne<{ content_guard: string }>("distributions/file/file/", {
                        base_path: `plan/files/${id}`,
                    });
                    const g = await api.get<{ name: string }>(d!.content_guard);
                    return g.name;
                };
                const [dev, rel] = [await guardOf(s2.id), await guardOf(s1.id)];
                expect(dev).not.toBe(rel);

                // The pin moves: s2 is released, s1 withdrawn. Two snapshot updates and nothing else.
                pin(s2.id);
                const moved = await up();
                expect(moved.stderr).toContain(
                    "release-train up: 2 snapshot update(s) and nothing else: the update keeps only its final checkpoint",
                );
                expect(moved.stdout).toMatch(/2 updated/);
                expect(moved.stdout + moved.stderr).not.toMatch(/Update plan written|pulumi up --plan=/);
                expect([await guardOf(s1.id), await guardOf(s2.id)]).toEqual([dev, rel]);
                // The one checkpoint at the end holds it all: nothing left to change.
                expect((await up()).stderr).toContain("release-train up: no changes to make");
                await ok("pulumi", "preview", "--expect-no-changes", "--non-interactive", ...stack);

                // A preview that fails changes nothing, and says so.
                fs.writeFileSync(
                    path.join(dir, "pins/site-a.yaml"),
                    YAML.stringify({ repositories: { files: "19990101T000000" } }),
                );
                const bad = await run(path.join(ROOT, "bin/release-train"), [
                    "up",
                    "--yes",
                    ...stack,
                    "--project-dir",
                    dir,
                ]);
                expect(bad.code).not.toBe(0);
                expect(bad.stderr).toMatch(
                    /release-train: pulumi preview failed \(exit \d+\): nothing was changed/,
                );
                expect([await guardOf(s1.id), await guardOf(s2.id)]).toEqual([dev, rel]);
            },
        );
    })();
});
