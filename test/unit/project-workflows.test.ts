import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// The project's own workflows (.github/workflows) pass actionlint, scripts checked by shellcheck.
test("the project's CI and preview workflows pass actionlint", () => {
    const dir = path.join(__dirname, "../../.github/workflows");
    const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(["ci.yml", "preview.yml"]);
    const actionlint = path.join(
        process.env.RT_CACHE ?? `${os.homedir()}/.cache/release-train`,
        "bin/actionlint",
    );
    const run = spawnSync(actionlint, ["-shellcheck", "shellcheck", ...files], { encoding: "utf8" });
    if (run.status !== 0) console.error(run.stdout, run.stderr);
    expect(run.status).toBe(0);
});
