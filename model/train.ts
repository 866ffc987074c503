import { CatalogueEntry, loadCatalogue } from "./catalogue";
import { Ledger, ledgerProblems, loadLedger } from "./ledger";
import { ValidationError } from "./problems";

export interface TrainFiles {
    /** Catalogue directory, ledger file (absolute or relative to the working directory). */
    readonly catalogue: string;
    readonly ledger: string;
    /** How to name the ledger in problems, e.g. its path as the stack config gives it. */
    readonly ledgerLabel?: string;
}

/** The catalogue and the ledger, each valid and consistent with the other. */
export function loadTrain(f: TrainFiles): { catalogue: CatalogueEntry[]; ledger: Ledger } {
    const catalogue = loadCatalogue(f.catalogue);
    const ledger = loadLedger(f.ledger);
    const problems = ledgerProblems(ledger, catalogue, f.ledgerLabel ?? f.ledger);
    if (problems.length) throw new ValidationError("the ledger does not match the catalogue", problems);
    return { catalogue, ledger };
}
