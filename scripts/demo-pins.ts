/**
 * The demo's release step: pins the client to Ark's newest snapshot of every rpm and deb entry
 * (files stay unpinned, so one development snapshot always exists to be refused). The first time,
 * production gets the same pins (the site's first install); later it stays where the site left it.
 *   demo-pins.ts PROJECT_DIR CLIENT
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { loadCatalogue } from "../model/catalogue";
import { latest, loadLedger } from "../model/ledger";

const [project, client] = process.argv.slice(2);
const file = path.join(project, `pins/dev/${client}.yaml`);
const catalogue = loadCatalogue(path.join(project, "catalogue/dev"));
const ledger = loadLedger(path.join(project, "ledger/dev.yaml"));
const first = !fs.existsSync(file);
const had = first ? { repositories: {}, production: {} } : (YAML.parse(fs.readFileSync(file, "utf8")) ?? {});
const repositories: Record<string, string> = { ...had.repositories };
for (const e of catalogue.filter((x) => x.type === "rpm" || x.type === "deb")) {
    const l = latest(ledger, e.short_name);
    if (!l) continue;
    if (repositories[e.short_name] !== l.id)
        console.log(`  ${e.short_name}: ${repositories[e.short_name] ?? "(none)"} -> ${l.id}`);
    repositories[e.short_name] = l.id;
}
const production = first ? { ...repositories } : (had.production ?? {});
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(
    file,
    "# The demo site's pins: `repositories` is the release its mirror follows (development);\n" +
        "# `production` is what its hosts on production get: edit it to promote, then run the demo again.\n" +
        YAML.stringify({ repositories, production }),
);
