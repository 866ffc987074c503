import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { filterCatalogue, loadCatalogue } from "../../../model/catalogue";

function catalogueDir(files: Record<string, unknown[]>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-cat-"));
    for (const [f, repositories] of Object.entries(files))
        fs.writeFileSync(path.join(dir, f), YAML.stringify({ repositories }));
    return dir;
}
const rpm = (short: string, extra: Record<string, unknown> = {}) => ({
    name: `Repo ${short}`,
    short_name: short,
    type: "rpm",
    url: `https://mirror.example.com/${short}/`,
    base_path: `${short.replace(/_/g, "/")}/`,
    sync_group: "g1",
    ...extra,
});

describe("catalogue validation", () => {
    test("a valid catalogue loads with derived distribution names", () => {
        const dir = catalogueDir({
            "rpm.yaml": [rpm("rocky_9_baseos"), rpm("epel_9", { sync_group: "epel" })],
        });
        const c = loadCatalogue(dir);
        expect(c.map((e) => [e.short_name, e.distribution_name, e.sync, e.publish])).toEqual([
            ["rocky_9_baseos", "rocky-9-baseos-", true, true],
            ["epel_9", "epel-9-", true, true],
        ]);
    });

    test("every problem names file, entry and field, all at once", () => {
        const dir = catalogueDir({
            "a.yaml": [
                rpm("dup"),
                rpm("dup", { name: "Other", base_path: "other/" }),
                rpm("nosync", { url: undefined, sync_group: undefined, base_path: "x/y" }),
                rpm("typo", { base_path: "t/", sync_grup: "g" }),
                rpm("deb_missing", { type: "deb", base_path: "d/" }),
            ],
            "b.yaml": [rpm("nested", { base_path: "other/inner/" })],
        });
        let err: Error | undefined;
        try {
            loadCatalogue(dir);
        } catch (e) {
            err = e as Error;
        }
        const msg = err?.message ?? "";
        expect(msg).toContain(
            `${dir}/a.yaml: entry #4 'typo': unknown field(s) sync_grup: remove them or check the spelling`,
        );
        expect(msg).toContain(
            `${dir}/a.yaml: entry #2 'dup': short_name 'dup' is already used by ${dir}/a.yaml: entry #1 'dup': make it unique`,
        );
        expect(msg).toContain(
            `entry #3 'nosync': base_path 'x/y' must end with '/' (snapshots are <base_path><YYYYMMDDTHHMMSS>)`,
        );
        expect(msg).toContain(`entry #3 'nosync': url is required when sync is true (or set sync: false)`);
        expect(msg).toContain(
            `entry #3 'nosync': sync_group is required when sync is true (it picks the nightly job)`,
        );
        expect(msg).toContain(`entry #5 'deb_missing': distributions is required for synced deb entries`);
        expect(msg).toContain(
            `${dir}/b.yaml: entry #1 'nested': base_path 'other/inner/' lies under 'other/' of ${dir}/a.yaml: entry #2 'dup': move one of them`,
        );
    });

    test("filters: any short_name regex, and an exact sync group", () => {
        const c = loadCatalogue(
            catalogueDir({
                "r.yaml": [
                    rpm("rocky_9_baseos"),
                    rpm("rocky_9_appstream"),
                    rpm("epel_9", { sync_group: "epel" }),
                ],
            }),
        );
        const names = (f: Parameters<typeof filterCatalogue>[1]) =>
            filterCatalogue(c, f).map((e) => e.short_name);
        expect(names({ filter: "baseos epel" })).toEqual(["rocky_9_baseos", "epel_9"]);
        expect(names({ group: "g1" })).toEqual(["rocky_9_baseos", "rocky_9_appstream"]);
        expect(names({ filter: "^rocky", group: "epel" })).toEqual([]);
        expect(() => names({ filter: "(" })).toThrow("--filter: '(' is not a valid regular expression");
    });

    test("the committed catalogues are valid", () => {
        for (const dir of ["catalogue/prod", "catalogue/dev"])
            expect(loadCatalogue(dir).length).toBeGreaterThan(0);
    });
});
