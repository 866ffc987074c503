import * as fs from "fs";
import * as jsYaml from "js-yaml";
import { ValidationError } from "./problems";

/**
 * Reads a YAML file, naming the file and the position in any parse error.
 *
 * Read with js-yaml rather than `yaml` (which writes the files): the ledger grows by a snapshot
 * every night, and at production size (~5,000 snapshots, 690 kB) `yaml` took 0.2-0.3 s to read it
 * against 0.02-0.05 s here, every run of every stack. The core schema is YAML 1.2 as `yaml` reads
 * it: a date stays a string, `yes` stays a string, a repeated key is an error.
 */
export function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ValidationError(`cannot read ${file}`, [
            `${file}: ${(e as NodeJS.ErrnoException).code ?? e}: check the path`,
        ]);
    }
    try {
        // An empty file is an empty document: null, as `yaml` read it, for the schema to name.
        return jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) ?? null;
    } catch (e) {
        if (!(e instanceof jsYaml.YAMLException)) throw e;
        const at = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}: ` : "";
        throw new ValidationError(`invalid YAML in ${file}`, [
            `${file}: ${at}${e.reason}: fix the YAML syntax`,
        ]);
    }
}

export function yamlFilesIn(dir: string): string[] {
    if (!fs.existsSync(dir))
        throw new ValidationError(`no directory ${dir}`, [
            `${dir}: no such directory: create it or fix the path in the stack config`,
        ]);
    return fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => `${dir}/${f}`);
}
