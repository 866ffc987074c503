import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inspectFile } from "../../../cli/upload";

test("a FILE argument is a readable, non-empty regular file, or the problem says what to fix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-inspect-"));
    const f = (n: string) => path.join(dir, n);
    fs.writeFileSync(f("disk.img"), "bytes");
    fs.writeFileSync(f("empty.img"), "");
    execFileSync("mkfifo", [f("pipe")]);
    expect(inspectFile(f("disk.img"))).toEqual({ path: f("disk.img"), size: 5 });
    expect(inspectFile(f("missing.img")).problem).toBe("does not exist: check the path");
    expect(inspectFile(dir).problem).toBe("is a directory: name the files in it");
    expect(inspectFile(f("pipe")).problem).toBe("is not a regular file: name a file");
    expect(inspectFile(f("empty.img")).problem).toBe(
        "is empty: an empty image is a failed build; upload the built file",
    );
    expect(inspectFile(path.join(f("disk.img"), "x")).problem).toBe(
        "cannot be read (ENOTDIR): check the path and its permissions",
    );
});
