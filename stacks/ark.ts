import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Ark } from "../components/ark/ark";
import { PulpConnection } from "../components/pulp/client/connection";
import { loadCatalogue } from "../model/catalogue";
import {
    containerCatalogueProblems,
    hasContainerCatalogue,
    loadContainerCatalogue,
} from "../model/containerCatalogue";
import { containerPinProblems, containersWithoutCatalogue } from "../model/containerPins";
import { ledgerProblems, loadLedger } from "../model/ledger";
import { loadPins, pinProblems } from "../model/pins";
import { ValidationError } from "../model/problems";
import { StackConfig } from "./config";

export interface ArkInputs {
    readonly cfg: StackConfig;
    readonly connection: pulumi.Input<PulpConnection>;
    /** client name → password (secret config `clientPasswords`). */
    readonly clientPasswords: pulumi.Output<Record<string, string>>;
    /** Names of the clients that have a password configured (the values stay secret). */
    readonly clientsWithPasswords: string[];
    /** Where relative paths in the config are resolved (the project directory). */
    readonly root: string;
}

/**
 * The prod/dev Ark program: loads and cross-checks the catalogue, ledger and pins before anything
 * is declared, then builds the Ark component; resolves once all of it is declared.
 */
export async function arkProgram(
    name: string,
    i: ArkInputs,
    opts?: pulumi.ComponentResourceOptions,
): Promise<Ark> {
    const at = (p: string) => path.resolve(i.root, p);
    const catalogue = loadCatalogue(at(i.cfg.catalogue));
    const ledger = loadLedger(at(i.cfg.ledger));
    const pins = loadPins(at(i.cfg.pins));
    // The container catalogue is optional: a catalogue directory without containers.yaml has no images.
    const containers = hasContainerCatalogue(at(i.cfg.catalogue))
        ? loadContainerCatalogue(at(i.cfg.catalogue))
        : undefined;
    const problems = [
        ...ledgerProblems(ledger, catalogue, i.cfg.ledger),
        ...pinProblems(pins, ledger),
        ...(containers
            ? [
                  ...containerCatalogueProblems(containers, catalogue),
                  ...containerPinProblems(pins, containers),
              ]
            : containersWithoutCatalogue(pins, at(i.cfg.catalogue))),
    ];
    for (const p of pins) {
        if (!i.clientsWithPasswords.includes(p.client)) {
            problems.push(
                `client '${p.client}' has pins but no Ark password: pulumi config set --secret --path 'clientPasswords.${p.client}' <password>`,
            );
        }
    }
    if (problems.length) throw new ValidationError("the release train does not add up", problems);
    const ark = new Ark(
        name,
        {
            connection: i.connection,
            catalogue,
            ledger,
            pins,
            ...(containers ? { containers } : {}),
            clients: pins.map((p) => ({
                name: p.client,
                password: i.clientPasswords.apply((pw) => pw[p.client]),
            })),
            operators: i.cfg.operators,
            ci: i.cfg.ci,
        },
        opts,
    );
    await ark.declared;
    return ark;
}
