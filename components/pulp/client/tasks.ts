import { PulpError } from "./errors";

export interface PulpTask {
    pulp_href: string;
    state: "waiting" | "skipped" | "running" | "completed" | "failed" | "canceled" | "canceling";
    name?: string;
    error?: { description?: string; reason?: string } | null;
    finished_at?: string;
    created_resources?: string[];
    progress_reports?: ProgressReport[];
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

type ProgressReport = { message?: string; state?: string; done?: number | null; total?: number | null };

/** Pulp's running progress reports in a few words, e.g. "Downloading Artifacts 120/500". */
export function progressSummary(task: PulpTask): string | undefined {
    const running = (task.progress_reports ?? []).filter((p) => p.state === "running");
    const text = running
        .map(
            (p) =>
                `${p.message ?? "working"}${p.done != null ? ` ${p.done}${p.total ? `/${p.total}` : ""}` : ""}`,
        )
        .join("; ");
    return text || undefined;
}

/** What the watcher needs from the HTTP layer. */
export interface TaskApi {
    /** The server, for messages. */
    readonly server: string;
    listTasks(hrefs: string[]): Promise<PulpTask[]>;
    onlineWorkers(): Promise<number>;
    /** Cancels a task; rejects when it can no longer be canceled. */
    cancel(href: string): Promise<void>;
}

export interface TaskWaitStatus {
    readonly href: string;
    readonly what: string;
    readonly state: string;
    readonly waitedMs: number;
    /** Pulp's running progress reports, e.g. "Downloading Artifacts 120/500". */
    readonly progress?: string;
}

/** A long wait, described for a person: sent every few seconds while a task takes long. */
export interface WaitReport {
    readonly server: string;
    readonly tasks: TaskWaitStatus[];
    /** From status/ (undefined until checked). */
    readonly workersOnline?: number;
}
export type WaitListener = (r: WaitReport) => void;

export interface WatchOptions {
    /** The longest wait for one task; past it the task is canceled and the wait fails. */
    readonly deadlineMs: number;
    /** How long status/ may list no online worker, while tasks wait, before the wait fails. */
    readonly noWorkerGraceMs?: number;
}
