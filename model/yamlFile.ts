import * as fs from "fs";
import YAML from "yaml";

/** Reads a YAML file, naming the file in any parse error. */
export function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new Error(`${file}: invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS();
}

export function yamlFilesIn(dir: string): string[] {
    if (!fs.existsSync(dir)) throw new Error(`${dir}: no such directory`);
    return fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => `${dir}/${f}`);
}

/** Problems found while validating, reported all at once. */
export class ValidationError extends Error {
    constructor(
        what: string,
        readonly problems: string[],
    ) {
        super(`${what}:\n  - ${problems.join("\n  - ")}`);
        this.name = "ValidationError";
    }
}
