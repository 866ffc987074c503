import * as pulumi from "@pulumi/pulumi";
import { declareInSlices } from "../../components/declareInSlices";
import { CatalogueEntry } from "../../model/catalogue";
import { installPulpMocks, Registered } from "../harness/resourceRecorder";

let registered: Registered[] = [];
beforeAll(async () => {
    registered = await installPulpMocks();
});

const turn = () => new Promise<void>((r) => setImmediate(r));

test("the first slice is declared at once, each next one a turn of the event loop later, in order", async () => {
    const declared: number[] = [];
    const done = declareInSlices([0, 1, 2, 3, 4, 5, 6], (i) => void declared.push(i), 3);
    expect(declared).toEqual([0, 1, 2]);
    await turn();
    expect(declared).toEqual([0, 1, 2, 3, 4, 5]);
    await done;
    expect(declared).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test("a declaration that throws rejects the promise, and nothing after it is declared", async () => {
    const declared: number[] = [];
    const done = declareInSlices(
        [0, 1, 2, 3, 4],
        (i) => {
            if (i === 3) throw new Error("snapshot 3 is bad");
            declared.push(i);
        },
        2,
    );
    await expect(done).rejects.toThrow("snapshot 3 is bad");
    expect(declared).toEqual([0, 1, 2]);
});

test("an Ark of 250 snapshots declares them fifty at a time, and all reach the engine", async () => {
    const { Ark } = await import("../../components/ark/ark");
    const entry: CatalogueEntry = {
        name: "Files",
        short_name: "files",
        type: "file",
        base_path: "files/",
        distribution_name: "files-",
        sync_group: "files",
        sync: false,
        publish: true,
        source: "files",
    };
    const two = (n: number) => String(n).padStart(2, "0");
    const ids = Array.from({ length: 250 }, (_, i) => `20260101T00${two(Math.floor(i / 60))}${two(i % 60)}`);
    const ark = new Ark("sliced", {
        connection: { baseUrl: "http://127.0.0.1:1", username: "admin", password: "x" },
        catalogue: [entry],
        ledger: { files: ids.map((id, i) => ({ id, version: i + 1, digest: `sha256:${"a".repeat(64)}` })) },
        pins: [],
        clients: [],
    });
    expect(Object.keys(ark.snapshots)).toHaveLength(50);
    await ark.declared;
    expect(Object.keys(ark.snapshots)).toEqual(ids.map((id) => `files/${id}`));
    await new Promise((r) => pulumi.all(Object.values(ark.snapshots).map((s) => s.urn)).apply(r));
    const snapshots = registered.filter(
        (r) => r.type === "pulumi-nodejs:dynamic/pulp:Snapshot" && r.name.startsWith("sliced-"),
    );
    expect(snapshots.map((r) => r.name).sort()).toEqual(ids.map((id) => `sliced-files-${id}`).sort());
});
