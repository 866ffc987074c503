import { Command, Option } from "commander";
import { loadPins } from "../../model/pins";
import { exportPins, PIN_FORMATS, PinFormat } from "../../model/pinsExport";
import { context, withStack } from "../options";

export function pinsExportCommand(parent: Command): Command {
    return withStack(parent.command("export"))
        .description(
            "print one client's pins for its deployment: Kayobe's pulp-repo-versions.yml variables, or plain YAML",
        )
        .requiredOption("--client <client>", "(required) the client whose pins to print (pins/<client>.yaml)")
        .addOption(
            new Option(
                "--format <format>",
                "kayobe: stackhpc_pulp_repo_<short_name>_version variables; yaml: short_name: id",
            )
                .choices(PIN_FORMATS)
                .default("kayobe"),
        )
        .action((o) => {
            const c = context(o);
            console.log(exportPins(loadPins(c.at(c.cfg.pins)), o.client, o.format as PinFormat));
        });
}
