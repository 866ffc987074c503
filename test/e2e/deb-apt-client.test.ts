import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { aptDownload, AptSource } from "../harness/apt";
import { buildDebRepo, makeGpgKey } from "../harness/debRepo";

// The apt client harness itself, against a loopback archive behind Basic auth: every way a client
// can be refused must make apt fail, or the release tests' refusals would prove nothing.
jest.setTimeout(120_000);

const USER = "site-x";
const PASSWORD = "s3cret-Password";
const key = makeGpgKey();
const stranger = makeGpgKey("someone else <else@example.invalid>");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-apt-archive-"));
let server: http.Server;
let url = "";
const seen: string[] = [];

beforeAll(async () => {
    buildDebRepo(path.join(dir, "signed"), {
        dists: { noble: { main: [{ name: "foo", version: "1.0" }] } },
        architectures: ["amd64"],
        signingKey: key,
    });
    buildDebRepo(path.join(dir, "unsigned"), {
        dists: { noble: { main: [{ name: "foo", version: "1.0" }] } },
        architectures: ["amd64"],
    });
    const good = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    server = http.createServer((req, res) => {
        seen.push(req.headers.authorization === good ? "authorized" : "refused");
        if (req.headers.authorization !== good) {
            res.writeHead(401, { "www-authenticate": 'Basic realm="ark"' }).end();
            return;
        }
        const file = path.join(dir, decodeURIComponent((req.url ?? "/").split("?")[0]));
        if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
    await new Promise((r) => server.close(r));
    key.dispose();
    stranger.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
});

const src = (extra: Partial<AptSource> = {}): AptSource => ({
    url: `${url}signed/`,
    suites: ["noble"],
    components: ["main"],
    signedBy: key.keyring,
    login: { username: USER, password: PASSWORD },
    ...extra,
});

test("with the right credentials and key apt downloads; the password is in no output", async () => {
    const listsBefore = fs.readdirSync("/var/lib/apt/lists").sort();
    const r = await aptDownload(src(), ["foo"]);
    expect(r.output).not.toMatch(/^(E:|W:|Err:)/m);
    expect(r).toMatchObject({ ok: true, updated: true, files: ["foo_1.0_amd64.deb"] });
    expect(r.output).not.toContain(PASSWORD);
    expect(seen).toContain("authorized");
    // The machine's own apt state is untouched.
    expect(fs.readdirSync("/var/lib/apt/lists").sort()).toEqual(listsBefore);
});

test.each([
    ["no credentials", () => ({ login: undefined }), /401/],
    ["a wrong password", () => ({ login: { username: USER, password: "not-it" } }), /401/],
    ["a wrong user", () => ({ login: { username: "someone", password: PASSWORD } }), /401/],
    ["another key", () => ({ signedBy: stranger.keyring }), /NO_PUBKEY|not signed/],
    ["an unsigned archive where a key is expected", () => ({ url: `${url}unsigned/` }), /not signed/],
])("apt fails with %s", async (_what, extra: () => Partial<AptSource>, why) => {
    const r = await aptDownload(src(extra()), ["foo"]);
    expect(r).toMatchObject({ ok: false, updated: false, files: [] });
    expect(r.output).toMatch(why);
    expect(r.output).not.toContain(PASSWORD);
});
