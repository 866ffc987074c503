import { startPulp, TEST_INSTANCES, writeRunFile } from "./pulp";

/** Starts the two Pulp servers every integration and e2e test shares (an Ark and a client site). */
export default async function globalSetup(): Promise<void> {
    const instances = Object.fromEntries(
        Object.entries(TEST_INSTANCES).map(([k, name]) => [k, startPulp(name)]),
    );
    writeRunFile(instances);
}
