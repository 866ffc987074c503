import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import axios from "axios";
import { PulpClient } from "../../components/pulp/client/http";
import { loadLedger } from "../../model/ledger";
import { changes } from "../harness/engine";
import { ReleaseTrainProject } from "../harness/releaseTrainProject";
import { startPulp, stopPulp, withPulpLogs } from "../harness/pulp";

// CI artifacts into the ledger: `release-train upload` puts a disk image on Ark, the ledger gets
// a snapshot like a sync's, `pulumi up` publishes it, and it is served with the same bytes; bad
// input changes nothing. Real Pulp, real engine, the real CLI.
jest.setTimeout(900_000);
const ARK = "test-upload";

afterAll(() => stopPulp(ARK));

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

async function fetch(url: string, auth?: { username: string; password: string }) {
    const r = await axios.get(url, {
        auth,
        validateStatus: () => true,
        responseType: "arraybuffer",
        maxRedirects: 0,
    });
    return { status: r.status, body: Buffer.from(r.data) };
}

test("upload: a ledger entry, served with the same sha256 once up, nothing new on a repeat, bad input refused", async () => {
    const ark = startPulp(ARK);
    await withPulpLogs(ark, async () => {
        const project = new ReleaseTrainProject(ark, [
            { name: "CI images", short_name: "images", type: "file", base_path: "ci/images/", sync: false },
            {
                name: "Upstream files",
                short_name: "files",
                type: "file",
                url: "http://127.0.0.1:9/PULP_MANIFEST",
                base_path: "local/files/",
                sync_group: "local",
            },
            { name: "Local RPMs", short_name: "rpms", type: "rpm", base_path: "local/rpms/", sync: false },
        ]);
        const stack = await project.stack();
        await stack.up();
        const api = new PulpClient({ baseUrl: ark.apiUrl, username: ark.username, password: ark.password });
        const repo = async () =>
            (await api.findOne<{ latest_version_href: string }>("repositories/file/file/", {
                name: "CI images",
            }))!.latest_version_href;
        const ledgerFile = path.join(project.dir, "ledger.yaml");

        // A "disk image" of a few MB (uploaded in 1 MiB chunks) and a small second file.
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "rt-upload-"));
        const disk = path.join(work, "overcloud.qcow2");
        const image1 = crypto.randomBytes(4 * 1048576 + 12345);
        fs.writeFileSync(disk, image1);
        const notes = path.join(work, "notes.txt");
        fs.writeFileSync(notes, "built by CI run 1\n");

        // Bad input: every problem listed at once, each with the field and the fix; nothing changes.
        const v0 = await repo();
        const unknown = await project.cli("upload", "--repository", "nope", disk);
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toBe(
            "release-train: nothing was uploaded:\n" +
                "  - --repository 'nope': no catalogue entry has this short_name: use one of the file repositories that are not synced: images\n",
        );
        const rpm = await project.cli("upload", "--repository", "rpms", disk);
        expect(rpm.code).toBe(2);
        expect(rpm.stderr).toMatch(
            /--repository 'rpms': .*catalogue\/local\.yaml: entry #3 'rpms' is of type rpm; upload adds files to a repository of type file: use one of the file repositories that are not synced: images$/m,
        );
        const synced = await project.cli("upload", "--repository", "files", disk);
        expect(synced.stderr).toMatch(
            /--repository 'files': .* is synced from upstream \(sync: true\), and its next sync would drop uploaded files/,
        );
        fs.mkdirSync(path.join(work, "other"));
        fs.writeFileSync(path.join(work, "other/notes.txt"), "another\n");
        const files = await project.cli(
            "upload",
            "--repository",
            "images",
            disk,
            path.join(work, "missing.img"),
            path.join(work, "other"),
            notes,
            path.join(work, "other/notes.txt"),
        );
        expect(files.code).toBe(2);
        expect(files.stderr.split("\n")).toEqual([
            "release-train: nothing was uploaded:",
            `  - FILE '${work}/missing.img': does not exist: check the path`,
            `  - FILE '${work}/other': is a directory: name the files in it`,
            `  - FILE '${notes}', '${work}/other/notes.txt': all would be stored as 'notes.txt' (a file's name under --prefix): rename them, or upload them in separate runs with different --prefix`,
            "",
        ]);
        const wrong = await project.cli("upload", "--repository", "images", disk, "--password-file", notes);
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toMatch(
            /^release-train: Pulp at \S+ refused user 'admin' \(HTTP 401 .*check the Pulp username and password\n$/m,
        );
        expect(wrong.stderr).not.toContain("built by CI run 1"); // the wrong password given
        expect(await repo()).toBe(v0);
        expect(project.ledgerText()).toBe("");

        // The upload: one new repository version, recorded in the ledger as a sync records one.
        const up1 = await project.cli("upload", "--repository", "images", "--chunk-size", "1", disk, notes);
        expect(up1.stderr).not.toMatch(/release-train:/);
        expect(up1.code).toBe(0);
        expect(up1.stderr).toMatch(/images: overcloud\.qcow2: sent 4\.0 MiB in [\d.]+s/);
        expect(up1.stdout).toMatch(
            new RegExp(`^overcloud\\.qcow2 +uploaded +4\\.0 MiB +${sha256(image1)}$`, "m"),
        );
        expect(up1.stdout).toMatch(/^notes\.txt +uploaded +0\.0 MiB +[0-9a-f]{64}$/m);
        const [first] = loadLedger(ledgerFile).images;
        expect(first).toMatchObject({ version: 1, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
        expect(up1.stderr).toContain(`images: new snapshot ${first.id} (version 1)`);
        expect(up1.stdout).toContain(
            `new snapshot images ${first.id} (version 1); ledger: ${ledgerFile}; next: pulumi up publishes it at ci/images/${first.id}/`,
        );

        // The same files again: no new version, no new entry, and the command says so.
        const before = project.ledgerText();
        const again = await project.cli("upload", "--repository", "images", disk, notes);
        expect(again.code).toBe(0);
        expect(again.stdout).toMatch(/^overcloud\.qcow2 +unchanged /m);
        expect(again.stdout).toContain(
            "no new snapshot: images already holds these files with these bytes, so Pulp made no new version and the ledger is unchanged",
        );
        expect(project.ledgerText()).toBe(before);
        expect(await repo()).toMatch(/\/versions\/1\/$/);

        // pulumi up publishes the snapshot at <base_path><id>, behind the development guard.
        expect(changes((await stack.up()).summary)).toMatchObject({ create: 1 });
        const admin = { username: ark.username, password: ark.password };
        const at = (id: string, f: string) => `${ark.contentUrl}/pulp/content/ci/images/${id}/${f}`;
        const served1 = await fetch(at(first.id, "overcloud.qcow2"), admin);
        expect(served1.status).toBe(200);
        expect(sha256(served1.body)).toBe(sha256(image1));
        expect((await fetch(at(first.id, "notes.txt"), admin)).body.toString()).toBe("built by CI run 1\n");

        // The next build replaces the image: a second snapshot; the first still serves the old bytes.
        await new Promise((r) => setTimeout(r, 1100)); // snapshot ids have one-second resolution
        const image2 = crypto.randomBytes(3 * 1048576);
        fs.writeFileSync(disk, image2);
        const up2 = await project.cli("upload", "--repository", "images", disk, notes);
        expect(up2.code).toBe(0);
        expect(up2.stdout).toMatch(
            new RegExp(
                `^overcloud\\.qcow2 +uploaded \\(replaces ${sha256(image1).slice(0, 12)}…\\) +3\\.0 MiB`,
                "m",
            ),
        );
        expect(up2.stdout).toMatch(/^notes\.txt +unchanged /m);
        const [, second] = loadLedger(ledgerFile).images;
        expect(second.version).toBe(2);
        expect(second.id > first.id).toBe(true);

        // A client pins the second snapshot: it is released; the first stays development-only.
        const clientPw = "site-a-password-1";
        project.setPins("site-a", { images: second.id }, clientPw);
        await stack.up();
        const client = { username: "site-a", password: clientPw };
        const served2 = await fetch(at(second.id, "overcloud.qcow2"), client);
        expect(served2.status).toBe(200);
        expect(sha256(served2.body)).toBe(sha256(image2));
        expect((await fetch(at(first.id, "overcloud.qcow2"), client)).status).toBe(403);
        expect((await fetch(at(second.id, "overcloud.qcow2"))).status).toBeGreaterThanOrEqual(401);
        expect(sha256((await fetch(at(first.id, "overcloud.qcow2"), admin)).body)).toBe(sha256(image1));

        // The ledger's digests are the ones verify recomputes from what Ark serves, as for a sync.
        const verified = await project.cli("verify");
        expect(verified.stdout).toMatch(/all 2 snapshot\(s\) match the ledger/);
        expect(verified.code).toBe(0);
        await stack.destroy();
    })();
});
