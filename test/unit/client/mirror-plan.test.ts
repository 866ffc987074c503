import { CatalogueEntry } from "../../../model/catalogue";
import { mirrorPlan } from "../../../model/mirrorPlan";
import { ClientPins } from "../../../model/pins";

const entry = (short_name: string, type: string, extra: Partial<CatalogueEntry> = {}) =>
    ({
        short_name,
        type,
        name: short_name,
        base_path: `${short_name}/`,
        distribution_name: `${short_name}-`,
        publish: true,
        sync: true,
        ...extra,
    }) as CatalogueEntry;
const catalogue = [
    entry("baseos", "rpm"),
    entry("noble", "deb"),
    entry("kolla", "container"),
    entry("hidden", "rpm", { publish: false }),
];
const pins = (
    repositories: Record<string, string>,
    production: Record<string, string> = {},
): ClientPins[] => [{ client: "site-a", file: "pins/site-a.yaml", repositories, production }];

test("a site mirrors its release and its production pins, each snapshot once", () => {
    const plan = mirrorPlan(
        "site-a",
        pins(
            { baseos: "20260102T000000", noble: "20260101T000000" },
            { baseos: "20260101T000000", noble: "20260101T000000" },
        ),
        catalogue,
        "pins",
    );
    expect(plan.problems).toEqual([]);
    expect(
        plan.repositories.map((r) => [r.entry.short_name, r.development, r.production, r.snapshots]),
    ).toEqual([
        ["baseos", "20260102T000000", "20260101T000000", ["20260101T000000", "20260102T000000"]],
        ["noble", "20260101T000000", "20260101T000000", ["20260101T000000"]],
    ]);
});

test("problems name the pins file, the entry and the fix", () => {
    expect(mirrorPlan("site-z", pins({}), catalogue, "pins/prod").problems).toEqual([
        "client 'site-z' has no pins file: add pins/prod/site-z.yaml ({repositories: {<short_name>: <snapshot id>}}) or set release-train:client to one of site-a",
    ]);
    expect(
        mirrorPlan(
            "site-a",
            pins({ nope: "20260101T000000", kolla: "20260101T000000", hidden: "20260101T000000" }),
            catalogue,
            "pins",
        ).problems,
    ).toEqual([
        "pins/site-a.yaml: hidden is not published on Ark (publish: false): remove the pin",
        "pins/site-a.yaml: kolla is a container repository: a site's mirror syncs rpm, deb, file snapshots; remove the pin",
        "pins/site-a.yaml: nope is not in the catalogue: fix the short_name or add the entry",
    ]);
    expect(mirrorPlan("site-a", pins({}), catalogue, "pins").problems).toEqual([
        "pins/site-a.yaml: pins nothing: add {repositories: {<short_name>: <snapshot id>}}",
    ]);
    // A site that mirrors only container images pins no repository, and that is fine.
    expect(mirrorPlan("site-a", pins({}), catalogue, "pins", 2)).toEqual({ repositories: [], problems: [] });
});
