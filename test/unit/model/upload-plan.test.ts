import { CatalogueEntry } from "../../../model/catalogue";
import { isValidationError } from "../../../model/problems";
import { LocalFile, planUpload } from "../../../model/uploadPlan";

const entry = (short_name: string, type: CatalogueEntry["type"], sync: boolean): CatalogueEntry => ({
    name: short_name,
    short_name,
    type,
    base_path: `${short_name}/`,
    distribution_name: `${short_name}-`,
    sync,
    publish: true,
    source: `catalogue/a.yaml: entry '${short_name}'`,
});
const catalogue = [
    entry("images", "file", false),
    entry("ipa", "file", false),
    entry("files", "file", true),
    entry("rpms", "rpm", false),
];
const file = (path: string, size = 10, problem?: string): LocalFile => ({ path, size, problem });

function problems(f: () => unknown): string[] {
    try {
        f();
    } catch (e) {
        if (isValidationError(e)) return e.problems;
        throw e;
    }
    throw new Error("no problem reported");
}

test("files land under their names, or under --prefix", () => {
    const plan = planUpload(catalogue, "images", [file("out/disk.qcow2", 5), file("/tmp/ipa.kernel")]);
    expect(plan.entry.short_name).toBe("images");
    expect(plan.files).toEqual([
        { path: "out/disk.qcow2", size: 5, relative_path: "disk.qcow2" },
        { path: "/tmp/ipa.kernel", size: 10, relative_path: "ipa.kernel" },
    ]);
    expect(planUpload(catalogue, "ipa", [file("x/a")], "2025.1/rocky-9").files[0].relative_path).toBe(
        "2025.1/rocky-9/a",
    );
    expect(planUpload(catalogue, "ipa", [file("x/a")], "zed/").files[0].relative_path).toBe("zed/a");
});

test("the repository must be a file entry of the catalogue that is not synced", () => {
    const choose = "use one of the file repositories that are not synced: images, ipa";
    expect(problems(() => planUpload(catalogue, "nope", [file("a")]))).toEqual([
        `--repository 'nope': no catalogue entry has this short_name: ${choose}`,
    ]);
    expect(problems(() => planUpload(catalogue, "rpms", [file("a")]))).toEqual([
        `--repository 'rpms': catalogue/a.yaml: entry 'rpms' is of type rpm; upload adds files to a repository of type file: ${choose}`,
    ]);
    expect(problems(() => planUpload(catalogue, "files", [file("a")]))).toEqual([
        `--repository 'files': catalogue/a.yaml: entry 'files' is synced from upstream (sync: true), and its next sync would drop uploaded files: ${choose}`,
    ]);
    expect(problems(() => planUpload([entry("rpms", "rpm", false)], "rpms", [file("a")]))[0]).toMatch(
        /add a catalogue entry with type: file and sync: false, and run pulumi up$/,
    );
});

test("every file problem, duplicate and bad prefix is listed at once", () => {
    expect(
        problems(() =>
            planUpload(
                catalogue,
                "images",
                [
                    file("gone.img", 0, "does not exist: check the path"),
                    file("a/disk.img"),
                    file("b/disk.img"),
                    file("c.img"),
                    file("./c.img"),
                ],
                "../up",
            ),
        ),
    ).toEqual([
        "--prefix '../up': must not contain '.' or '..' segments",
        "FILE 'gone.img': does not exist: check the path",
        "FILE 'a/disk.img', 'b/disk.img': all would be stored as '../up/disk.img' (a file's name under --prefix): rename them, or upload them in separate runs with different --prefix",
        "FILE 'c.img', './c.img': the same file is named 2 times: name it once",
    ]);
    expect(problems(() => planUpload(catalogue, "images", [file("a")], "/abs"))).toEqual([
        "--prefix '/abs': must not start with '/'",
    ]);
});
