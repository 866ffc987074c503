import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { CatalogueEntry, loadCatalogue } from "../../../model/catalogue";
import {
    containerCatalogueProblems,
    hasContainerCatalogue,
    loadContainerCatalogue,
} from "../../../model/containerCatalogue";

function dirWith(containers: unknown, extra: Record<string, unknown> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ccat-"));
    fs.writeFileSync(path.join(dir, "containers.yaml"), YAML.stringify({ containers, ...extra }));
    return dir;
}
const KOLLA = {
    namespace: "kolla",
    distributions: ["rocky", "ubuntu"],
    images: ["keystone", "nova-api", "bifrost-deploy"],
    exclude: { ubuntu: ["bifrost-deploy"] },
};

function problemsOf(f: () => unknown): string[] {
    try {
        f();
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
    throw new Error("expected a validation error");
}

describe("container catalogue", () => {
    test("every distribution × image pair not excluded is an image; the dev namespace is <namespace>-dev", () => {
        const c = loadContainerCatalogue(dirWith(KOLLA));
        expect(c).toEqual({
            namespace: "kolla",
            devNamespace: "kolla-dev",
            images: [
                "rocky-keystone",
                "rocky-nova-api",
                "rocky-bifrost-deploy",
                "ubuntu-keystone",
                "ubuntu-nova-api",
            ],
            distributions: ["rocky", "ubuntu"],
        });
    });

    test("exclude is optional", () => {
        const { exclude: _, ...plain } = KOLLA;
        expect(loadContainerCatalogue(dirWith(plain)).images).toHaveLength(6);
    });

    test("bad names, unknown fields and dangling exclusions are reported together, naming file and field", () => {
        const dir = dirWith({ ...KOLLA, namespace: "Kolla", images: ["keystone", "Nova_API"], extra: 1 });
        const file = path.join(dir, "containers.yaml");
        const p = problemsOf(() => loadContainerCatalogue(dir));
        expect(p).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    new RegExp(`^${file}: containers.namespace: the namespace must be lower-case`),
                ),
                expect.stringMatching(
                    new RegExp(`^${file}: containers.images.1: an image must be lower-case`),
                ),
                `${file}: containers: unknown field(s) extra: remove them or check the spelling`,
            ]),
        );
        const q = problemsOf(() =>
            loadContainerCatalogue(
                dirWith({
                    ...KOLLA,
                    images: ["keystone", "keystone"],
                    exclude: { debian: ["keystone"], ubuntu: ["x"] },
                }),
            ),
        );
        expect(q).toEqual([
            expect.stringContaining("containers.images: 'keystone' is listed twice: remove one"),
            expect.stringContaining(
                "containers.exclude.debian: 'debian' is not one of distributions (rocky, ubuntu): fix the name or add it there",
            ),
            expect.stringContaining(
                "containers.exclude.ubuntu: 'x' is not one of images: fix the name or remove it",
            ),
        ]);
    });

    test("two pairs that make the same image name, and a catalogue that excludes everything, are refused", () => {
        const clash = problemsOf(() =>
            loadContainerCatalogue(
                dirWith({ namespace: "k", distributions: ["a", "a-b"], images: ["b-c", "c"] }),
            ),
        );
        expect(clash).toEqual([
            expect.stringContaining("image name 'a-b-c' comes from both a + b-c and a-b + c: rename one"),
        ]);
        const none = problemsOf(() =>
            loadContainerCatalogue(
                dirWith({ namespace: "k", distributions: ["a"], images: ["x"], exclude: { a: ["x"] } }),
            ),
        );
        expect(none).toEqual([expect.stringContaining("containers.exclude: every image is excluded")]);
    });

    test("the file is optional for a catalogue directory, and a missing one is named when asked for", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ccat-"));
        expect(hasContainerCatalogue(dir)).toBe(false);
        expect(() => loadContainerCatalogue(dir)).toThrow(path.join(dir, "containers.yaml"));
    });

    test("the package catalogue loader skips containers.yaml beside its files", () => {
        const dir = dirWith(KOLLA);
        fs.writeFileSync(
            path.join(dir, "rpm.yaml"),
            YAML.stringify({
                repositories: [{ name: "R", short_name: "r", type: "rpm", base_path: "r/", sync: false }],
            }),
        );
        expect(loadCatalogue(dir).map((e) => e.short_name)).toEqual(["r"]);
    });

    test("a synced container entry may not put its snapshots in an image namespace", () => {
        const c = loadContainerCatalogue(dirWith(KOLLA));
        const entry = (base_path: string) =>
            ({ type: "container", base_path, source: `x.yaml: '${base_path}'` }) as CatalogueEntry;
        expect(
            containerCatalogueProblems(c, [
                entry("kolla-dev/cirros/"),
                entry("upstream/cirros/"),
                entry("kolla/x/"),
            ]),
        ).toEqual([
            "x.yaml: 'kolla-dev/cirros/': base_path 'kolla-dev/cirros/' lies in the image namespace 'kolla-dev' of containers.yaml: move it to another first path component",
            "x.yaml: 'kolla/x/': base_path 'kolla/x/' lies in the image namespace 'kolla' of containers.yaml: move it to another first path component",
        ]);
    });

    test("a container entry's base path must be a registry name (lower case)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-ccat-"));
        fs.writeFileSync(
            path.join(dir, "c.yaml"),
            YAML.stringify({
                repositories: [
                    { name: "C", short_name: "c", type: "container", base_path: "Up/cirros/", sync: false },
                ],
            }),
        );
        expect(problemsOf(() => loadCatalogue(dir))).toEqual([
            expect.stringContaining(
                "base_path 'Up/cirros/' is not a registry name: 'Up' must be lower-case letters and digits joined by '.', '_' or '-'",
            ),
        ]);
    });

    test("the committed container catalogues are valid", () => {
        for (const dir of ["catalogue/prod", "catalogue/dev"]) {
            const c = loadContainerCatalogue(dir);
            expect(c.images).toContain("rocky-keystone");
            expect(c.images).not.toContain("ubuntu-bifrost-deploy");
            expect(containerCatalogueProblems(c, loadCatalogue(dir))).toEqual([]);
        }
    });
});
