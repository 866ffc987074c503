import * as fs from "fs";
import { Command } from "commander";
import { renderPreviewSummary } from "../previewSummary";

export function previewSummaryCommand(parent: Command): Command {
    return parent
        .command("preview-summary")
        .description("markdown summary of `pulumi preview --json` output, for the pull request comment")
        .argument("<stack>", "the stack name shown in the heading")
        .argument("<preview.json>", "the saved output of `pulumi preview --json` ('-' for stdin)")
        .action((stack: string, file: string) => {
            const text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
            let json: unknown;
            try {
                json = JSON.parse(text);
            } catch {
                throw new Error(`${file}: not JSON: save the output of 'pulumi preview --json'`);
            }
            process.stdout.write(renderPreviewSummary(stack, json));
        });
}
