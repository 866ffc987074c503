import { judgePlan, SKIP_CHECKPOINTS, upEnvironment } from "../../../cli/updatePlan";

const urn = (type: string, name: string, parent = "") =>
    `urn:pulumi:prod::release-train::${parent ? `${parent}$` : ""}${type}::${name}`;
const SNAPSHOT = "pulumi-nodejs:dynamic/pulp:Snapshot";
const plan = (steps: Record<string, string[]>) => ({
    manifest: {},
    resourcePlans: Object.fromEntries(Object.entries(steps).map(([u, s]) => [u, { goal: {}, steps: s }])),
});
const stack = urn("pulumi:pulumi:Stack", "release-train-prod");

test("a plan of snapshot updates alone may skip per-step checkpoints", () => {
    const v = judgePlan(
        plan({
            [stack]: ["same"],
            [urn(SNAPSHOT, "ark-rpms-20260101T000000", "releasetrain:ark:Ark")]: ["update"],
            // A stack made before one resource per snapshot: its snapshots' distributions.
            [urn("pulumi-nodejs:dynamic/pulp:Distribution", "ark-files-x-dist")]: ["update"],
            [urn("pulumi-nodejs:dynamic/pulp:Repository", "ark-rpms")]: ["same"],
            [urn("pulumi:providers:pulumi-nodejs", "default")]: ["update"],
        }),
    );
    expect(v).toEqual({ changes: 2, redoable: true });
    expect(upEnvironment(v, {})[SKIP_CHECKPOINTS]).toBe("true");
});

test.each([
    ["a created snapshot", SNAPSHOT, ["create"], `create of ${SNAPSHOT} snap-new`],
    ["a deleted snapshot", SNAPSHOT, ["delete"], `delete of ${SNAPSHOT} snap-new`],
    [
        "a replaced snapshot",
        SNAPSHOT,
        ["create-replacement", "replace", "delete-replaced"],
        "create-replacement, replace, delete-replaced of",
    ],
    [
        "an updated remote",
        "pulumi-nodejs:dynamic/pulp:Remote",
        ["update"],
        "update of pulumi-nodejs:dynamic/pulp:Remote snap-new",
    ],
    [
        "a replaced provider",
        "pulumi:providers:pulumi-nodejs",
        ["create-replacement", "replace"],
        "of pulumi:providers:pulumi-nodejs snap-new",
    ],
])("%s keeps every checkpoint, and says why", (_, type, steps, why) => {
    const v = judgePlan(plan({ [urn(SNAPSHOT, "flipped")]: ["update"], [urn(type, "snap-new")]: steps }));
    expect(v.redoable).toBe(false);
    expect(v.changes).toBe(2);
    expect(v.why).toContain(why);
    // Whatever the operator's environment says: the gate decides.
    expect(upEnvironment(v, { [SKIP_CHECKPOINTS]: "true", KEEP: "1" })).toEqual({ KEEP: "1" });
});

test("a plan of no changes has none", () => {
    expect(judgePlan(plan({ [stack]: ["same"] }))).toEqual({ changes: 0, redoable: true });
});

test("a file that is not a plan is refused, naming it", () => {
    expect(() => judgePlan({ resourcePlans: [] }, "/tmp/x/plan.json")).toThrow(
        /^\/tmp\/x\/plan.json is not a Pulumi update plan: /,
    );
});
