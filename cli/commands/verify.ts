import { Command } from "commander";
import pLimit from "p-limit";
import { loadPins } from "../../model/pins";
import { snapshotSelection } from "../../model/snapshotSelection";
import { context, train, withPulp } from "../options";
import { verifySnapshot } from "../verify";

export function verifyCommand(parent: Command): Command {
    return withPulp(parent.command("verify"))
        .summary("check that snapshots serve what the ledger says (all, or one client's pins)")
        .description(
            "recompute snapshots' content digests from what Ark serves today and compare them with the ledger: every snapshot in the ledger, or with --client only those that client pins; exits non-zero on any mismatch",
        )
        .option(
            "--client <client>",
            "only the snapshots this client pins (default: every snapshot in the ledger)",
        )
        .action(async (o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const pins = o.client === undefined ? [] : loadPins(c.at(c.cfg.pins));
            const todo = snapshotSelection(catalogue, ledger, pins, o.client);
            const client = c.client();
            const limit = pLimit(4);
            const verdicts = await Promise.all(
                todo.map(([e, s]) => limit(() => verifySnapshot(client, e, s))),
            );
            for (const v of verdicts)
                console.log(
                    `${v.ok ? "ok  " : "FAIL"} ${v.short_name} ${v.id}${v.problem ? `: ${v.problem}` : ""}`,
                );
            const bad = verdicts.filter((v) => !v.ok).length;
            console.log(
                bad
                    ? `\n${bad} of ${verdicts.length} snapshot(s) do NOT match the ledger: this release is not reproducible`
                    : `\nall ${verdicts.length} snapshot(s) match the ledger`,
            );
            process.exitCode = bad ? 1 : 0;
        });
}
