import * as fs from "fs";
import YAML from "yaml";
import { ValidationError } from "./problems";

/** Reads a YAML file, naming the file in any parse error. */
export function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ValidationError(`cannot read ${file}`, [
            `${file}: ${(e as NodeJS.ErrnoException).code ?? e}: check the path`,
        ]);
    }
    const doc = YAML.parseDocument(text);
    if (doc.errors.length)
        throw new ValidationError(
            `invalid YAML in ${file}`,
            doc.errors.map(
                (e) => `${file}: ${e.message.split("\n")[0].replace(/:$/, "")}: fix the YAML syntax`,
            ),
        );
    return doc.toJS();
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
