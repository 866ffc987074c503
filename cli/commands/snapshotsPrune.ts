import { Command } from "commander";
import { updateLedger } from "../../model/ledgerLock";
import { loadPins } from "../../model/pins";
import { Pruned, pruneLedger } from "../../model/retention";
import { context, progress, train, withStack } from "../options";

export function snapshotsPruneCommand(parent: Command): Command {
    return withStack(parent.command("prune"))
        .description(
            "drop ledger entries older than retentionDays that no client pins (never a repository's newest); the next pulumi up deletes their distributions, then `snapshots reclaim` frees the space",
        )
        .option("--dry-run", "only list what would be dropped")
        .option(
            "--as-of <date>",
            "judge ages as of this date (ISO 8601), e.g. to see what a later prune drops",
        )
        .action(async (o) => {
            const c = context(o);
            const { ledger } = train(c);
            const now = o.asOf ? new Date(o.asOf) : new Date();
            if (Number.isNaN(now.getTime()))
                throw new Error(`--as-of: '${o.asOf}' is not a date such as 2027-01-31`);
            const pins = loadPins(c.at(c.cfg.pins));
            let r: Pruned = pruneLedger(ledger, pins, c.cfg.retentionDays, now);
            if (!o.dryRun)
                await updateLedger(
                    c.at(c.cfg.ledger),
                    (current) => (r = pruneLedger(current, pins, c.cfg.retentionDays, now)).ledger,
                    { say: progress },
                );
            for (const d of r.dropped)
                console.log(
                    `${o.dryRun ? "would drop" : "dropped"} ${d.short_name} ${d.entry.id} (v${d.entry.version})`,
                );
            console.log(
                o.dryRun
                    ? `${r.dropped.length} snapshot(s) to prune`
                    : `${r.dropped.length} snapshot(s) pruned; next: pulumi up (deletes their distributions), then release-train snapshots reclaim (frees their space)`,
            );
        });
}
