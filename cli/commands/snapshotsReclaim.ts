import { Command, Option } from "commander";
import { context, train, wholeNumber, withPulp } from "../options";
import { reclaim } from "../reclaim";

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 3 : 1)} MB`;

export function snapshotsReclaimCommand(parent: Command): Command {
    return withPulp(parent.command("reclaim"))
        .description(
            "after a prune and pulumi up: delete the publications and repository versions on Ark that no ledger entry or distribution uses, then run Pulp's orphan cleanup; reports what went and the space given back",
        )
        .option("--dry-run", "only list what would be deleted")
        .addOption(
            new Option(
                "--orphan-protection <minutes>",
                "remove only content orphaned at least this long (default: the server's ORPHAN_PROTECTION_TIME); refused while a Pulp task could lose its content to it",
            ).argParser(wholeNumber("--orphan-protection", 0)),
        )
        .action(async (o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const r = await reclaim(c.client(), catalogue, ledger, {
                dryRun: !!o.dryRun,
                protectionMinutes: o.orphanProtection,
                say: (line) => console.log(line),
            });
            const what = `${r.publications} publication(s) and ${r.versions} repository version(s)`;
            if (!r.orphans) return console.log(`\n${what} to delete`);
            console.log(
                `\n${what} deleted; orphan cleanup removed ${r.orphans.content} content unit(s) and ${r.orphans.artifacts} artifact(s): ${mb(r.orphans.bytes)} reclaimed`,
            );
        });
}
