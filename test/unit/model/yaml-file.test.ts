import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { ValidationError } from "../../../model/problems";
import { readYaml } from "../../../model/yamlFile";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-yaml-file-"));
const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
};
const problemsOf = (f: string): string[] => {
    try {
        readYaml(f);
    } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).problems;
    }
    throw new Error(`${f} was read without an error`);
};

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("scalars read as YAML 1.2 core: dates, 'yes' and snapshot ids stay strings", () => {
    const f = file(
        "scalars.yaml",
        "id: 20260101T000000\nday: 2026-01-01\nanswer: yes\nversion: 12\nhex: 0x1F\nflag: true\nnothing: ~\n",
    );
    expect(readYaml(f)).toEqual({
        id: "20260101T000000",
        day: "2026-01-01",
        answer: "yes",
        version: 12,
        hex: 31,
        flag: true,
        nothing: null,
    });
});

test("what the project writes with `yaml` reads back the same", () => {
    const value = {
        snapshots: { rpm: [{ id: "20260101T000000", version: 1, digest: `sha256:${"0".repeat(64)}` }] },
        labels: { "release-train.stage": "development", odd: "1:20", quoted: "true", spaced: " x " },
        list: ["0o17", "null", "", "#not a comment", "multi\nline"],
    };
    expect(readYaml(file("round-trip.yaml", YAML.stringify(value)))).toEqual(value);
});

test("an empty file, or one of comments only, is null for the schema to name", () => {
    expect(readYaml(file("empty.yaml", ""))).toBeNull();
    expect(readYaml(file("comments.yaml", "# nothing pinned yet\n"))).toBeNull();
});

test("a syntax error names the file, line and column, and the fix", () => {
    const f = file("broken.yaml", "repositories:\n  a: [1, 2\n");
    expect(problemsOf(f)).toEqual([
        expect.stringMatching(/broken\.yaml: line 3, column 1: .+: fix the YAML syntax$/),
    ]);
});

test("a key given twice is an error, not the last one winning", () => {
    const f = file("twice.yaml", "repositories:\n  a: 1\n  a: 2\n");
    expect(problemsOf(f)).toEqual([`${f}: line 3, column 3: duplicated mapping key: fix the YAML syntax`]);
});

test("two documents in one file are an error", () => {
    expect(problemsOf(file("two.yaml", "a: 1\n---\nb: 2\n"))).toEqual([
        expect.stringMatching(/two\.yaml: .*single document.*: fix the YAML syntax$/),
    ]);
});

test("a missing file names the path", () => {
    const f = path.join(dir, "absent.yaml");
    expect(problemsOf(f)).toEqual([`${f}: ENOENT: check the path`]);
});
