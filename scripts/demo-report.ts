/**
 * The demo's closing report: what Ark holds, what the site's mirror serves (checked against the
 * ledger's digests), a host installing from the mirror, and proof that access control holds.
 *   demo-report.ts PROJECT_DIR SITE_API SITE_CONTENT SITE_PASSWORD_FILE ARK_FRONT PKI_DIR CLIENT
 */
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import axios from "axios";
import { PulpClient } from "../components/pulp/client/http";
import { loadCatalogue } from "../model/catalogue";
import { loadLedger } from "../model/ledger";
import { loadPins, pinnedSnapshots } from "../model/pins";
import { aptDownload } from "../test/harness/apt";
import { dnfDownload } from "../test/harness/dnf";
import { servedDigest } from "../test/harness/siteContent";

const [project, siteApi, siteContent, sitePasswordFile, front, pkiDir, client] = process.argv.slice(2);
const read = (f: string) => fs.readFileSync(path.join(pkiDir, f), "utf8");
const say = (s = "") => process.stdout.write(`${s}\n`);

async function get(url: string, cert: boolean, password?: string) {
    const httpsAgent = new https.Agent({
        ca: read("ca/ca.pem"),
        ...(cert ? { cert: read(`${client}.pem`), key: read(`${client}.key`) } : {}),
    });
    const auth = password === undefined ? undefined : { username: client, password };
    const r = await axios.get(url, { httpsAgent, auth, validateStatus: () => true, responseType: "text" });
    return `HTTP ${r.status}${r.status >= 400 ? ` ${String(r.data).trim().split("\n")[0].slice(0, 90)}` : ""}`;
}

async function main() {
    const catalogue = loadCatalogue(path.join(project, "catalogue/dev"));
    const ledger = loadLedger(path.join(project, "ledger/dev.yaml"));
    const pins = loadPins(path.join(project, "pins/dev"));
    const released = pinnedSnapshots(pins);
    const mine = pins.find((p) => p.client === client)!;
    say("Snapshots on Ark (id, stage):");
    for (const e of catalogue)
        for (const s of ledger[e.short_name] ?? [])
            say(
                `  ${e.short_name.padEnd(12)} ${s.id}  ${released.has(`${e.short_name}/${s.id}`) ? "release" : "development"}`,
            );

    const site = new PulpClient({
        baseUrl: siteApi,
        username: "admin",
        password: fs.readFileSync(sitePasswordFile, "utf8"),
    });
    say(`\nWhat site '${client}' serves (checked against the ledger's content digests):`);
    for (const e of catalogue.filter(
        (x) => mine.repositories[x.short_name] || mine.production[x.short_name],
    )) {
        for (const stage of ["development", "production"] as const) {
            const id = (stage === "development" ? mine.repositories : mine.production)[e.short_name];
            const digest = await servedDigest(site, e.type, `${e.distribution_name}${stage}`);
            const want = id && ledger[e.short_name]?.find((s) => s.id === id)?.digest;
            const verdict = !id
                ? digest
                    ? "UNEXPECTED content"
                    : "nothing (not promoted yet)"
                : digest === want
                  ? `snapshot ${id}, identical to Ark's`
                  : `MISMATCH: expected snapshot ${id}`;
            say(`  ${siteContent}/pulp/content/${e.base_path}${stage}/  ${verdict}`);
        }
    }
    const rpm = catalogue.find((e) => e.type === "rpm" && mine.repositories[e.short_name]);
    if (rpm) {
        const r = await dnfDownload(
            { baseurl: `${siteContent}/pulp/content/${rpm.base_path}development/` },
            "demo-tool",
        );
        say(
            `\nA host runs dnf against the site's development repository: ${r.ok ? `downloaded ${r.files.join(", ")}` : `FAILED\n${r.output}`}`,
        );
    }

    const deb = catalogue.find((e) => e.type === "deb" && mine.repositories[e.short_name]);
    if (deb) {
        const r = await aptDownload(
            {
                url: `${siteContent}/pulp/content/${deb.base_path}development/`,
                suites: (deb.distributions ?? "").split(/\s+/).filter(Boolean),
                components: (deb.components ?? "main").split(/\s+/).filter(Boolean),
            },
            ["demo-tool"],
        );
        say(
            `A host runs apt against the site's development repository: ${r.ok ? `downloaded ${r.files.join(", ")}` : `FAILED\n${r.output}`}`,
        );
    }

    const password = read(`${client}.password`);
    const pinnedRpm =
        rpm &&
        `${front}/pulp/content/${rpm.base_path}${mine.repositories[rpm.short_name]}/repodata/repomd.xml`;
    const unreleased = catalogue
        .flatMap((e) => (ledger[e.short_name] ?? []).map((s) => ({ e, s })))
        .find(({ e, s }) => !released.has(`${e.short_name}/${s.id}`));
    say("\nAccess control at Ark's front:");
    if (pinnedRpm) {
        say(
            `  a released snapshot, with certificate and password:   ${await get(pinnedRpm, true, password)}`,
        );
        say(
            `  the same, without a client certificate:               ${await get(pinnedRpm, false, password)}`,
        );
        say(
            `  the same, with a wrong password:                      ${await get(pinnedRpm, true, "wrong-password")}`,
        );
    }
    if (unreleased)
        say(
            `  a development snapshot (${unreleased.e.short_name} ${unreleased.s.id}), client's credentials: ${await get(`${front}/pulp/content/${unreleased.e.base_path}${unreleased.s.id}/`, true, password)}`,
        );
}

main().catch((e) => {
    process.stderr.write(`demo report failed: ${(e as Error).message}\n`);
    process.exit(1);
});
