import { Command } from "commander";
import { endpointFor } from "../../components/pulp/providers/plugins";
import { snapshotPair } from "../../model/snapshotSelection";
import { context, train, withPulp } from "../options";
import { diffVersions } from "../snapshotDiff";

export function diffCommand(parent: Command): Command {
    return withPulp(parent.command("diff"))
        .description(
            "packages added (+), removed (-) and changed (~) between two snapshots of one repository",
        )
        .argument("<short_name>", "the repository, by its catalogue short_name")
        .argument("<from_id>", "the older snapshot's id (YYYYMMDDTHHMMSS), as in the ledger")
        .argument("<to_id>", "the newer snapshot's id")
        .action(async (short: string, fromId: string, toId: string, o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const { entry, from, to } = snapshotPair(catalogue, ledger, short, fromId, toId);
            const client = c.client();
            const repo = await client.findOne<{ pulp_href: string }>(
                endpointFor("repositories", entry.type),
                {
                    name: entry.name,
                },
            );
            if (!repo) throw new Error(`repository '${entry.name}' is not on Ark: run pulumi up`);
            const d = await diffVersions(
                client,
                `${repo.pulp_href}versions/${from.version}/`,
                `${repo.pulp_href}versions/${to.version}/`,
            );
            for (const x of d.added) console.log(`+ ${x}`);
            for (const x of d.removed) console.log(`- ${x}`);
            for (const x of d.changed) console.log(`~ ${x}`);
            console.log(`${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`);
        });
}
