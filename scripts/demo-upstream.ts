/**
 * Serves the dev catalogue's upstreams on 127.0.0.1:18080 for `npm run demo`: a tiny RPM repository,
 * a file repository and a Debian archive, rebuilt with one more package version / file on every
 * start (an upstream change).
 */
import * as fs from "fs";
import * as path from "path";
import { buildDebRepo } from "../test/harness/debRepo";
import { buildFileRepo } from "../test/harness/fileRepo";
import { serveDir } from "../test/harness/httpServer";
import { addPackages, buildRpmRepo } from "../test/harness/rpmRepo";

const dir = process.argv[2];
const rpms = path.join(dir, "rpms");
const round = fs.existsSync(path.join(dir, "round"))
    ? Number(fs.readFileSync(path.join(dir, "round"), "utf8")) + 1
    : 1;
fs.writeFileSync(path.join(dir, "round"), String(round));
if (round === 1) buildRpmRepo(rpms, [{ name: "demo-tool", version: "1.0" }]);
else addPackages(rpms, [{ name: "demo-tool", version: `1.${round - 1}` }]);
buildFileRepo(
    path.join(dir, "files"),
    Object.fromEntries(Array.from({ length: round }, (_, i) => [`notes-${i + 1}.txt`, `round ${i + 1}\n`])),
);
// Like an Ubuntu archive: the release pocket stays, the updates pocket gains a version per round.
// The arm64 builds are upstream only: the catalogue entry mirrors amd64.
const updates = Array.from({ length: round - 1 }, (_, i) => `1.${i + 1}`);
buildDebRepo(path.join(dir, "debs"), {
    architectures: ["amd64", "arm64"],
    dists: {
        demo: {
            main: [
                { name: "demo-tool", version: "1.0" },
                { name: "demo-tool", version: "1.0", arch: "arm64" },
                { name: "demo-doc", version: "1.0", arch: "all" },
            ],
        },
        "demo-updates": { main: updates.map((version) => ({ name: "demo-tool", version })) },
    },
});

serveDir(dir, 18080).then((s) => console.log(`upstream round ${round} on ${s.url}`));
