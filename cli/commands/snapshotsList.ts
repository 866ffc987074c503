import { Command } from "commander";
import { filterCatalogue } from "../../model/catalogue";
import { loadPins, pinnedSnapshots } from "../../model/pins";
import { snapshotBasePath } from "../../model/snapshotId";
import { context, filterOption, train, withStack } from "../options";

export function snapshotsListCommand(parent: Command): Command {
    return withStack(parent.command("list"))
        .description(
            "every snapshot in the ledger, one per line: short_name, id, repository version, stage (release if a client pins it, else development), base path",
        )
        .addOption(filterOption())
        .action((o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const pinned = pinnedSnapshots(loadPins(c.at(c.cfg.pins)));
            for (const e of filterCatalogue(catalogue, o)) {
                for (const s of ledger[e.short_name] ?? []) {
                    const stage = pinned.has(`${e.short_name}/${s.id}`) ? "release" : "development";
                    console.log(
                        `${e.short_name}\t${s.id}\tv${s.version}\t${stage}\t${snapshotBasePath(e.type, e.base_path, s.id)}`,
                    );
                }
            }
        });
}
