import { Command, Option } from "commander";
import { filterCatalogue } from "../../model/catalogue";
import { context, filterOption, progress, train, wholeNumber, withPulp } from "../options";
import { recordSnapshotEntry } from "../snapshotEntry";
import { summaryTable, syncAll } from "../sync";

export function syncCommand(parent: Command): Command {
    return withPulp(parent.command("sync"))
        .summary("sync Ark from upstream; record new snapshots in the ledger")
        .description(
            "sync Ark repositories from upstream and record each new repository version in the ledger as a snapshot",
        )
        .option("--group <group>", "only the repositories of this sync_group")
        .addOption(filterOption())
        .addOption(
            new Option("--concurrency <n>", "repositories synced at once")
                .default(4)
                .argParser(wholeNumber("--concurrency")),
        )
        .addOption(
            new Option("--retries <n>", "retries of a failing repository")
                .default(2)
                .argParser(wholeNumber("--retries", 0)),
        )
        .addOption(
            new Option("--retry-delay <seconds>", "first wait before a retry (doubles each time)")
                .default(30)
                .argParser(wholeNumber("--retry-delay", 0)),
        )
        .action(async (o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const entries = filterCatalogue(catalogue, o).filter((e) => e.sync);
            if (!entries.length) throw new Error("no synced catalogue entry matches --group/--filter");
            const file = c.at(c.cfg.ledger);
            const outcomes = await syncAll(c.client(), entries, ledger, {
                concurrency: o.concurrency,
                retries: o.retries,
                minRetryMs: o.retryDelay * 1000,
                progress: (s, what) => progress(`${s}: ${what}`),
                // Under the ledger lock, on the file as it is now: other syncs' entries stay.
                recorded: (s, entry) => recordSnapshotEntry(file, s, entry, progress),
            });
            console.log(summaryTable(outcomes));
            const failed = outcomes.filter((x) => x.status === "failed").length;
            const fresh = outcomes.filter((x) => x.status === "new").length;
            console.log(
                `\n${fresh} new snapshot(s), ${outcomes.length - fresh - failed} unchanged, ${failed} failed; ledger: ${file}`,
            );
            process.exitCode = failed ? 1 : 0;
        });
}
