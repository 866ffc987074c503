/**
 * Times `pulumi preview` from empty state of a flat program on a given CLI build: the yardstick
 * for choosing the pinned CLI (README "Requirements"). Prints one JSON line per size.
 *
 *   node -r ts-node/register/transpile-only bench/lib/probeEngine.ts \
 *       ~/.cache/release-train/pulumi/v3.252.0 trivial 1000 3000
 */
import { FLOOR_PROGRAMS } from "./floorPrograms";
import { benchStack, disposeStack, timedPreview } from "./previewTiming";

async function main(cliRoot: string, kind: string, sizes: number[]) {
    const make = FLOOR_PROGRAMS[kind as keyof typeof FLOOR_PROGRAMS];
    if (!make) throw new Error(`unknown program '${kind}': one of ${Object.keys(FLOOR_PROGRAMS).join(", ")}`);
    for (const n of sizes) {
        const stack = await benchStack("rt-probe", make(n), cliRoot);
        try {
            const c = await timedPreview(stack);
            // The stack itself is one more create.
            if (c.changes.create !== n + 1)
                throw new Error(`expected ${n} creates, got ${JSON.stringify(c.changes)}`);
            console.log(
                JSON.stringify({
                    cli: cliRoot,
                    program: kind,
                    n,
                    seconds: round(c.seconds),
                    cpu: round(c.cpuSeconds),
                }),
            );
        } finally {
            disposeStack(stack);
        }
    }
}
const round = (x: number) => Math.round(x * 10) / 10;

const [cliRoot, kind, ...sizes] = process.argv.slice(2);
main(cliRoot, kind, sizes.map(Number)).catch((e) => {
    console.error(e);
    process.exit(1);
});
