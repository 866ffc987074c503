import * as fs from "fs";
import { Command, Option } from "commander";
import pLimit from "p-limit";
import YAML from "yaml";
import { endpointFor } from "../components/pulp/providers/plugins";
import { filterCatalogue, loadCatalogue } from "../model/catalogue";
import { findSnapshot, latest, Ledger, ledgerProblems, loadLedger, saveLedger } from "../model/ledger";
import { loadPins, pinnedSnapshots } from "../model/pins";
import { pruneLedger } from "../model/retention";
import { stackContext } from "./stackContext";
import { renderPreviewSummary } from "./previewSummary";
import { diffVersions } from "./snapshotDiff";
import { summaryTable, syncAll } from "./sync";
import { verifySnapshot } from "./verify";

/** `release-train`: the operational commands beside `pulumi up`. */
export function program(): Command {
    const p = new Command("release-train").description(
        "Operate the release train: sync Ark, inspect and verify snapshots, export pins.",
    );
    const stackOpts = (c: Command) =>
        c
            .requiredOption("--stack <stack>", "the stack whose Pulumi.<stack>.yaml to use, e.g. prod")
            .option("--project-dir <dir>", "where Pulumi.yaml is", process.cwd())
            .option("--password-file <file>", "the Pulp password (else RELEASE_TRAIN_PULP_PASSWORD)");
    const ctx = (o: { stack: string; projectDir: string; passwordFile?: string }) =>
        stackContext(o.stack, o.projectDir, o.passwordFile);
    const model = (c: ReturnType<typeof ctx>) => {
        const catalogue = loadCatalogue(c.at(c.cfg.catalogue));
        const ledger = loadLedger(c.at(c.cfg.ledger));
        const problems = ledgerProblems(ledger, catalogue, c.cfg.ledger);
        if (problems.length)
            throw new Error(`the ledger does not match the catalogue:\n  - ${problems.join("\n  - ")}`);
        return { catalogue, ledger };
    };

    stackOpts(p.command("sync"))
        .description("sync Ark repositories from upstream and record new snapshots in the ledger")
        .option("--group <group>", "only this sync_group")
        .option("--filter <regexes>", "only short_names matching any of these whitespace-separated regexes")
        .addOption(
            new Option("--concurrency <n>", "repositories synced at once")
                .default(4)
                .argParser(positiveInt("--concurrency")),
        )
        .addOption(
            new Option("--retries <n>", "retries of a failing repository")
                .default(2)
                .argParser(positiveInt("--retries", 0)),
        )
        .addOption(
            new Option("--retry-delay <seconds>", "first wait before a retry (doubles each time)")
                .default(30)
                .argParser(positiveInt("--retry-delay", 0)),
        )
        .action(async (o) => {
            const c = ctx(o);
            const { catalogue, ledger } = model(c);
            const entries = filterCatalogue(catalogue, o).filter((e) => e.sync);
            if (!entries.length) throw new Error("no synced catalogue entry matches --group/--filter");
            const file = c.at(c.cfg.ledger);
            const outcomes = await syncAll(c.client(), entries, ledger, {
                concurrency: o.concurrency,
                retries: o.retries,
                minRetryMs: o.retryDelay * 1000,
                progress: (s, what) =>
                    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}: ${what}\n`),
                recorded: (s, entry) => {
                    (ledger[s] ??= []).push(entry);
                    saveLedger(file, ledger);
                },
            });
            console.log(summaryTable(outcomes));
            const failed = outcomes.filter((x) => x.status === "failed").length;
            const fresh = outcomes.filter((x) => x.status === "new").length;
            console.log(
                `\n${fresh} new snapshot(s), ${outcomes.length - fresh - failed} unchanged, ${failed} failed; ledger: ${file}`,
            );
            process.exitCode = failed ? 1 : 0;
        });

    const snaps = p.command("snapshots").description("the snapshots in the ledger");
    stackOpts(snaps.command("list"))
        .option("--filter <regexes>", "only matching short_names")
        .action((o) => {
            const c = ctx(o);
            const { catalogue, ledger } = model(c);
            const pinned = pinnedSnapshots(loadPins(c.at(c.cfg.pins)));
            for (const e of filterCatalogue(catalogue, o)) {
                for (const s of ledger[e.short_name] ?? []) {
                    const stage = pinned.has(`${e.short_name}/${s.id}`) ? "release" : "development";
                    console.log(`${e.short_name}\t${s.id}\tv${s.version}\t${stage}\t${e.base_path}${s.id}`);
                }
            }
        });
    stackOpts(snaps.command("latest"))
        .description("the newest snapshot of every repository, as short_name: id")
        .action((o) => {
            const { catalogue, ledger } = model(ctx(o));
            for (const e of catalogue) {
                const l = latest(ledger, e.short_name);
                if (l) console.log(`${e.short_name}: ${l.id}`);
            }
        });
    stackOpts(snaps.command("prune"))
        .description("drop ledger entries older than retentionDays that no client pins (never the newest)")
        .option("--dry-run", "only list what would go")
        .option(
            "--as-of <date>",
            "judge ages as of this date (ISO 8601), e.g. to see what a later prune drops",
        )
        .action((o) => {
            const c = ctx(o);
            const { ledger } = model(c);
            const now = o.asOf ? new Date(o.asOf) : new Date();
            if (Number.isNaN(now.getTime()))
                throw new Error(`--as-of: '${o.asOf}' is not a date such as 2027-01-31`);
            const r = pruneLedger(ledger, loadPins(c.at(c.cfg.pins)), c.cfg.retentionDays, now);
            for (const d of r.dropped)
                console.log(
                    `${o.dryRun ? "would drop" : "dropped"} ${d.short_name} ${d.entry.id} (v${d.entry.version})`,
                );
            if (!o.dryRun) saveLedger(c.at(c.cfg.ledger), r.ledger);
            console.log(
                `${r.dropped.length} snapshot(s) ${o.dryRun ? "to prune" : "pruned; the next pulumi up deletes their distributions and publications"}`,
            );
        });

    stackOpts(p.command("verify"))
        .description("recompute every (pinned) snapshot's digest from Pulp and compare it with the ledger")
        .option("--client <client>", "only the snapshots this client pins")
        .action(async (o) => {
            const c = ctx(o);
            const { catalogue, ledger } = model(c);
            const todo = selection(
                catalogue,
                ledger,
                o.client ? loadPins(c.at(c.cfg.pins)).filter((x) => x.client === o.client) : undefined,
                o.client,
            );
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

    const pins = p.command("pins").description("client pins");
    stackOpts(pins.command("export"))
        .requiredOption("--client <client>", "the client whose pins to export")
        .addOption(
            new Option("--format <format>", "output format").choices(["kayobe", "yaml"]).default("kayobe"),
        )
        .action((o) => {
            const c = ctx(o);
            const p = loadPins(c.at(c.cfg.pins)).find((x) => x.client === o.client);
            if (!p) throw new Error(`no pins for client '${o.client}' in ${c.cfg.pins}`);
            const entries = Object.entries(p.repositories).sort(([a], [b]) => a.localeCompare(b));
            if (o.format === "yaml") console.log(YAML.stringify(Object.fromEntries(entries)).trimEnd());
            else {
                console.log("---\n# Generated by `release-train pins export`: do not edit.");
                for (const [short, id] of entries) console.log(`stackhpc_pulp_repo_${short}_version: ${id}`);
            }
        });

    stackOpts(p.command("diff"))
        .description("packages added, removed and changed between two snapshots")
        .argument("<short_name>")
        .argument("<from_id>")
        .argument("<to_id>")
        .action(async (short: string, from: string, to: string, o) => {
            const c = ctx(o);
            const { catalogue, ledger } = model(c);
            const e = catalogue.find((x) => x.short_name === short);
            if (!e) throw new Error(`'${short}' is not in the catalogue`);
            const [a, b] = [from, to].map((id) => {
                const s = findSnapshot(ledger, short, id);
                if (!s) throw new Error(`${short} has no snapshot ${id} in the ledger`);
                return s;
            });
            const client = c.client();
            const repo = await client.findOne<{ pulp_href: string }>(endpointFor("repositories", e.type), {
                name: e.name,
            });
            if (!repo) throw new Error(`repository '${e.name}' is not on Ark`);
            const d = await diffVersions(
                client,
                `${repo.pulp_href}versions/${a.version}/`,
                `${repo.pulp_href}versions/${b.version}/`,
            );
            for (const x of d.added) console.log(`+ ${x}`);
            for (const x of d.removed) console.log(`- ${x}`);
            for (const x of d.changed) console.log(`~ ${x}`);
            console.log(`${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`);
        });
    p.command("preview-summary")
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
    return p;
}

function selection(
    catalogue: ReturnType<typeof loadCatalogue>,
    ledger: Ledger,
    pins?: ReturnType<typeof loadPins>,
    client?: string,
) {
    if (client && !pins?.length) throw new Error(`no pins for client '${client}'`);
    const out: [ReturnType<typeof loadCatalogue>[number], Ledger[string][number]][] = [];
    const pinned = pins ? pinnedSnapshots(pins) : undefined;
    for (const e of catalogue) {
        for (const s of ledger[e.short_name] ?? [])
            if (!pinned || pinned.has(`${e.short_name}/${s.id}`)) out.push([e, s]);
    }
    return out;
}

function positiveInt(flag: string, min = 1) {
    return (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min)
            throw new Error(`${flag} must be a whole number ≥ ${min} (got '${v}')`);
        return n;
    };
}

export async function main(argv: string[]): Promise<void> {
    try {
        await program().parseAsync(argv);
    } catch (e) {
        process.stderr.write(`release-train: ${(e as Error).message}\n`);
        process.exitCode = 2;
    }
}
