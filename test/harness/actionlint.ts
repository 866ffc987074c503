import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";

/** Runs actionlint (installed by scripts/bootstrap) with shellcheck on workflow files; prints findings. */
export function actionlint(files: string[]): number | null {
    const bin = path.join(process.env.RT_CACHE ?? `${os.homedir()}/.cache/release-train`, "bin/actionlint");
    const run = spawnSync(bin, ["-shellcheck", "shellcheck", ...files], { encoding: "utf8" });
    if (run.error) throw new Error(`${bin}: ${run.error.message}: run scripts/bootstrap actionlint`);
    if (run.status !== 0) console.error(run.stdout, run.stderr);
    return run.status;
}
