import { stopPulp, TEST_INSTANCES } from "./pulp";

/** Stops the servers unless RT_KEEP_PULP=1 (to look at them after a failure). */
export default async function globalTeardown(): Promise<void> {
    if (process.env.RT_KEEP_PULP === "1") return;
    for (const name of Object.values(TEST_INSTANCES)) stopPulp(name);
}
