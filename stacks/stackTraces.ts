/**
 * The Pulumi SDK captures `new Error().stack` for every promise it makes (several per resource
 * property), and under ts-node each capture is source-mapped. At production scale (~19,000
 * resources) that is about 80% of program construction: 61 s with the default depth, 13 s
 * without (bench/construct.ts). Our errors carry their meaning in the message, so the program
 * runs without captured frames; RELEASE_TRAIN_STACK_TRACES=full restores them for debugging.
 */
export function limitStackTraces(env: NodeJS.ProcessEnv = process.env): void {
    if (env.RELEASE_TRAIN_STACK_TRACES === "full") return;
    Error.stackTraceLimit = 0;
}
