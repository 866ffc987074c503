import { planPromotion } from "../../components/pulp/providers/containerTags";

const m = (x: string) => `/pulp/api/v3/content/container/manifests/${x}/`;

test("only tags missing from release are copied; a tag in release is never followed when development moves", () => {
    const dev = new Map([
        ["t1", m("a")],
        ["t2", m("b")],
        ["t3", m("c")],
    ]);
    const release = new Map([
        ["t1", m("a")],
        ["t2", m("x")],
        ["t4", m("d")],
    ]);
    expect(planPromotion(["t3", "t1", "t2", "t4", "t9", "t3"], dev, release)).toEqual({
        toCopy: ["t3"],
        moved: [{ tag: "t2", release: m("x"), development: m("b") }],
        // t4 left development after its promotion: fine. t9 is nowhere: nothing to promote it from.
        missing: ["t9"],
    });
});

test("nothing to do when release has every pinned tag on development's manifests", () => {
    const both = new Map([["t1", m("a")]]);
    expect(planPromotion(["t1"], both, both)).toEqual({ toCopy: [], moved: [], missing: [] });
});
