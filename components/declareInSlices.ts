/**
 * Declares resources a slice at a time, with a turn of the event loop between slices.
 *
 * The SDK keeps each registration's working state (its Outputs, tracked promises, serialized
 * inputs) until the engine answers it, and every resource declared in one synchronous turn is in
 * flight at once. Declared all together, the production-size program peaked at nearly twice the
 * memory of the same resources declared in slices and spent a third of its CPU in the garbage
 * collector (README "Benchmarks": construct, preview). A turn lets a slice's registrations go out
 * to the engine before the next slice is declared.
 *
 * The first slice is declared before this returns, so fewer than `slice` items are declared
 * synchronously, as before. Await the promise before the program ends: the SDK takes no
 * registrations once the program's promise has settled and the calls in flight have drained.
 */
/** Resources per slice: 50 was faster than 100 in five alternating pairs of the construct benchmark. */
export const RESOURCES_PER_SLICE = 50;

export async function declareInSlices<T>(
    items: readonly T[],
    declare: (item: T) => void,
    slice: number,
): Promise<void> {
    for (let i = 0; i < items.length; i++) {
        if (i > 0 && i % slice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        declare(items[i]);
    }
}
