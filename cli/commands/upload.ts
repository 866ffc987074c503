import { Command, Option } from "commander";
import { planUpload } from "../../model/uploadPlan";
import { context, progress, train, wholeNumber, withPulp } from "../options";
import { recordSnapshotEntry } from "../snapshotEntry";
import { inspectFile, uploadFiles, uploadTable } from "../upload";

export function uploadCommand(parent: Command): Command {
    return withPulp(parent.command("upload"))
        .summary(
            "add files (disk images, CI artifacts) to a file repository; record the snapshot in the ledger",
        )
        .description(
            "add files such as CI-built disk or IPA images to a file repository of the catalogue (type: file, sync: false) on Ark as one new repository version, and record it in the ledger as a snapshot like a sync does; files already there with the same bytes change nothing",
        )
        .requiredOption(
            "--repository <short_name>",
            "(required) the catalogue short_name of the file repository to add the files to",
        )
        .option(
            "--prefix <path>",
            "store each file at <path>/<file name> in the repository (default: at its top, as <file name>)",
        )
        .addOption(
            new Option("--chunk-size <MiB>", "upload files in chunks of this many MiB")
                .default(8)
                .argParser(wholeNumber("--chunk-size")),
        )
        .argument("<FILE...>", "the local files to upload, each stored under its own name")
        .action(async (paths: string[], o) => {
            const c = context(o);
            const { catalogue, ledger } = train(c);
            const plan = planUpload(catalogue, o.repository, paths.map(inspectFile), o.prefix);
            const short = plan.entry.short_name;
            const file = c.at(c.cfg.ledger);
            const outcome = await uploadFiles(c.client(), plan, ledger[short] ?? [], {
                chunkBytes: o.chunkSize * 1048576,
                progress: (f, what) => progress(`${short}: ${f ? `${f}: ` : ""}${what}`),
                // Under the ledger lock, on the file as it is now: concurrent syncs' entries stay.
                recorded: async (entry) => {
                    await recordSnapshotEntry(file, short, entry, progress);
                    progress(`${short}: new snapshot ${entry.id} (version ${entry.version})`);
                },
            });
            console.log(uploadTable(outcome.files));
            console.log(
                outcome.entry
                    ? `\nnew snapshot ${short} ${outcome.entry.id} (version ${outcome.entry.version}); ledger: ${file}; next: pulumi up publishes it at ${plan.entry.base_path}${outcome.entry.id}/`
                    : `\nno new snapshot: ${short} already holds these files with these bytes, so Pulp made no new version and the ledger is unchanged`,
            );
        });
}
