import * as fs from "fs";
import * as path from "path";
import { actionlint } from "../harness/actionlint";

// The project's own workflows (.github/workflows) pass actionlint, scripts checked by shellcheck.
test("the project's CI and preview workflows pass actionlint", () => {
    const dir = path.join(__dirname, "../../.github/workflows");
    const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(["ci.yml", "preview.yml"]);
    expect(actionlint(files)).toBe(0);
});
