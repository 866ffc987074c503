import { Command } from "commander";
import { diffCommand } from "./commands/diff";
import { pinsExportCommand } from "./commands/pinsExport";
import { previewSummaryCommand } from "./commands/previewSummary";
import { snapshotsLatestCommand } from "./commands/snapshotsLatest";
import { snapshotsListCommand } from "./commands/snapshotsList";
import { snapshotsPruneCommand } from "./commands/snapshotsPrune";
import { snapshotsReclaimCommand } from "./commands/snapshotsReclaim";
import { syncCommand } from "./commands/sync";
import { upCommand } from "./commands/up";
import { uploadCommand } from "./commands/upload";
import { verifyCommand } from "./commands/verify";
import { showRequiredInUsage } from "./options";

/** `release-train`: the operational commands beside `pulumi up`, one file per command in commands/. */
export function program(): Command {
    const p = new Command("release-train").description(
        "Operate the release train beside pulumi up: sync Ark, upload CI artifacts to it, inspect, verify and reclaim snapshots, export pins. " +
            "Commands read the stack's Pulumi.<stack>.yaml; those that talk to Pulp take its password from " +
            "RELEASE_TRAIN_PULP_PASSWORD or --password-file.",
    );
    upCommand(p);
    syncCommand(p);
    uploadCommand(p);
    const snapshots = p.command("snapshots").description("the snapshots in the ledger, and their retention");
    snapshotsListCommand(snapshots);
    snapshotsLatestCommand(snapshots);
    snapshotsPruneCommand(snapshots);
    snapshotsReclaimCommand(snapshots);
    verifyCommand(p);
    const pins = p.command("pins").description("what each client consumes (pins/<client>.yaml)");
    pinsExportCommand(pins);
    diffCommand(p);
    previewSummaryCommand(p);
    showRequiredInUsage(p);
    return p;
}

export async function main(argv: string[]): Promise<void> {
    try {
        await program().parseAsync(argv);
    } catch (e) {
        process.stderr.write(`release-train: ${(e as Error).message}\n`);
        process.exitCode = 2;
    }
}
