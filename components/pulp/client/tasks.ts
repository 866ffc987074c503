import { PulpError } from "./errors";

export interface PulpTask {
    pulp_href: string;
    state: "waiting" | "skipped" | "running" | "completed" | "failed" | "canceled" | "canceling";
    name?: string;
    error?: { description?: string; reason?: string } | null;
    finished_at?: string;
    created_resources?: string[];
}

const FINAL = new Set(["completed", "skipped", "failed", "canceled"]);

export function isFinal(task: PulpTask): boolean {
    return FINAL.has(task.state);
}

/** Raises when a finished task did not succeed, with Pulp's own description of why. */
export function assertSucceeded(task: PulpTask, what: string): PulpTask {
    if (task.state === "failed" || task.state === "canceled") {
        const why = task.error?.description ?? task.error?.reason ?? "no reason given";
        throw new PulpError(`Pulp task for ${what} ${task.state}: ${why}`, "TASK", task.pulp_href);
    }
    return task;
}

/**
 * Backoff for polling: short first waits because most Pulp tasks finish in well under a second,
 * a cap so long syncs are not polled hard.
 */
export function* backoff(startMs = 40, capMs = 2000, factor = 1.3): Generator<number> {
    let d = startMs;
    for (;;) {
        yield d;
        d = Math.min(capMs, Math.round(d * factor));
    }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
