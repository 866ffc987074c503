import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * Writes a file-plugin upstream: the files plus a PULP_MANIFEST of `<relative_path>,<sha256>,<size>`
 * lines. Rewriting it with other files is an upstream change.
 */
export function buildFileRepo(dir: string, files: Record<string, string>): void {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (const [rel, content] of Object.entries(files)) {
        const file = path.join(dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        const sha = crypto.createHash("sha256").update(content).digest("hex");
        lines.push(`${rel},${sha},${Buffer.byteLength(content)}`);
    }
    fs.writeFileSync(path.join(dir, "PULP_MANIFEST"), lines.join("\n") + "\n");
}
