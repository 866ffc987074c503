import * as fs from "fs";
import * as path from "path";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { testPulp, uniq, withPulpLogs } from "../harness/pulp";

// `release-train sync` as an operator runs it, against faults no retry can fix.
jest.setTimeout(180_000);
const ark = testPulp("ark");

function project() {
    const entry = (short: string) => ({
        name: uniq(`faults-${short}`),
        short_name: short,
        type: "file",
        url: "http://127.0.0.1:9/PULP_MANIFEST",
        base_path: `faults/${uniq(short)}/`,
        sync_group: "nightly",
    });
    return new ReleaseTrainProject(ark, [entry("one"), entry("two")]);
}

test(
    "a wrong password stops the run at once with one line naming the user and the server",
    withPulpLogs(ark, async () => {
        const p = project();
        const passwordFile = path.join(p.dir, "password");
        fs.writeFileSync(passwordFile, "wrong-password-xyz\n");
        const r = await p.cli(
            "sync",
            "--password-file",
            passwordFile,
            "--retries",
            "3",
            "--retry-delay",
            "30",
        );
        expect(r.code).not.toBe(0);
        expect(r.stdout).toBe("");
        expect(r.stderr.trimEnd().split("\n")).toEqual([
            `release-train: Pulp at ${ark.apiUrl} refused user 'admin' (HTTP 401 on POST /pulp/api/v3/login/: ` +
                "Invalid username/password.): check the Pulp username and password",
        ]);
        expect(p.ledgerText()).toBe("");
    }),
);

test(
    "a repository missing on Ark fails once, without retries, and the others still run",
    withPulpLogs(ark, async () => {
        const p = project();
        const r = await p.cli("sync", "--retries", "3", "--retry-delay", "30");
        expect(r.code).toBe(1);
        expect(r.stderr).not.toMatch(/retrying/);
        for (const short of ["one", "two"]) {
            expect(r.stderr).toMatch(
                new RegExp(`${short}: FAILED: repository '.*' is not on Ark: run pulumi up first`),
            );
            expect(r.stdout).toMatch(new RegExp(`^${short} +failed .* 1$`, "m"));
        }
    }),
);
