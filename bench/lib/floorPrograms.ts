import * as pulumi from "@pulumi/pulumi";
import { declareInSlices, RESOURCES_PER_SLICE } from "../../components/declareInSlices";
import { Distribution } from "../../components/pulp";

/**
 * The engine's own cost per resource: a dynamic resource whose provider does nothing (no check,
 * no diff, no secrets). A preview of N of these is the floor for any program of N resources.
 */
const nothing: pulumi.dynamic.ResourceProvider = {
    async create(inputs) {
        return { id: "trivial", outs: inputs };
    },
};

class Trivial extends pulumi.dynamic.Resource {
    constructor(name: string, props: { index: number }) {
        super(nothing, name, props, undefined, "bench", "Trivial");
    }
}

export function declareTrivial(n: number): pulumi.Resource[] {
    return Array.from({ length: n }, (_, i) => new Trivial(`trivial-${i}`, { index: i }));
}

/**
 * The floor the benchmarks compare with: N trivial resources declared at their best, a slice at a
 * time as the program declares its own (declareInSlices.ts).
 */
export async function declareTrivialInSlices(n: number): Promise<void> {
    const indices = Array.from({ length: n }, (_, i) => i);
    await declareInSlices(
        indices,
        (i) => void new Trivial(`trivial-${i}`, { index: i }),
        RESOURCES_PER_SLICE,
    );
}

/** Flat programs for the engine probes (probeEngine.ts): everything in one turn, as the issue measured them. */
export function trivialResources(n: number): () => Promise<void> {
    return async () => void declareTrivial(n);
}

/** N of the project's own Distribution: no parent and no shared dependency, so only its cost shows. */
export function bareDistributions(n: number): () => Promise<void> {
    const connection = { baseUrl: "https://ark.example.com", username: "admin", password: "secret" };
    return async () => {
        for (let i = 0; i < n; i++)
            new Distribution(`dist-${i}`, {
                connection,
                plugin: "file",
                name: `bench-${i}`,
                base_path: `bench/${i}`,
                publication: `/pulp/api/v3/publications/file/file/${i}/`,
            });
    };
}

export const FLOOR_PROGRAMS = { trivial: trivialResources, distribution: bareDistributions };
