/**
 * The Pulumi SDK captures `new Error().stack` for every promise it makes (several per resource
 * property), and under ts-node each capture is source-mapped. At production scale (~19,000
 * resources) that is about 80% of program construction: 61 s with the default depth, 13 s
 * without (bench/construct.ts). Our errors carry their meaning in the message, so the program
 * runs without captured frames; RELEASE_TRAIN_STACK_TRACES=full restores them for debugging.
 *
 * The limit alone does not cover `Resource.callsites()`: for every resource the SDK raises the
 * limit to Infinity, captures the whole stack and parses the formatted text for a source
 * position (metadata the engine only displays). Formatting is where ts-node's source-map
 * support spends its time, so frames are formatted as the error's header alone: the SDK then
 * finds no position and sends none, and every other error reads as it did with a zero limit.
 */
export function limitStackTraces(env: NodeJS.ProcessEnv = process.env): void {
    if (env.RELEASE_TRAIN_STACK_TRACES === "full") return;
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = (error: Error) => Error.prototype.toString.call(error);
}
