import { Command } from "commander";
import { latest } from "../../model/ledger";
import { context, train, withStack } from "../options";

export function snapshotsLatestCommand(parent: Command): Command {
    return withStack(parent.command("latest"))
        .description("the newest snapshot of every repository, as short_name: id (a starting point for pins)")
        .action((o) => {
            const { catalogue, ledger } = train(context(o));
            for (const e of catalogue) {
                const l = latest(ledger, e.short_name);
                if (l) console.log(`${e.short_name}: ${l.id}`);
            }
        });
}
