import { PulpError } from "./errors";
import {
    assertSucceeded,
    isFinal,
    progressSummary,
    PulpTask,
    TaskApi,
    WaitListener,
    WaitReport,
    WatchOptions,
} from "./tasks";

export type { TaskApi, TaskWaitStatus, WaitListener, WaitReport, WatchOptions } from "./tasks";

const BATCH = 50;
const FIRST_POLL_MS = 10;
const MIN_INTERVAL_MS = 40;
const MAX_INTERVAL_MS = 2000;
/** Fewer waits than this are paced by their age, not batched. */
const FEW = 3;
const STATUS_AFTER_MS = 5_000;
const STATUS_EVERY_MS = 10_000;
const REPORT_AFTER_MS = 10_000;
const REPORT_EVERY_MS = 5_000;
const POLL_FAILURE_GRACE_MS = 60_000;

const clampInterval = (ms: number) => Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));

type Waiter = { what: string; since: number; resolve(t: PulpTask): void; reject(e: Error): void };
type Watched = { waiters: Waiter[]; since: number; state: string; progress?: string };

/**
 * Waits for Pulp tasks. Every wait of one client shares one poll loop: all pending tasks are
 * polled together (one request per 50), so a thousand concurrent guard flips cost a few dozen
 * polls, not thousands. A lone task is polled at once (Pulp often finishes update and delete tasks
 * before its 202 arrives), young tasks often, old ones rarely. While tasks wait it watches
 * Pulp's status: with no worker online they can never run, and the wait fails within a minute or
 * so, naming them, instead of sitting out the deadline.
 */
export class TaskWatcher {
    private readonly watched = new Map<string, Watched>();
    private readonly listeners = new Set<WaitListener>();
    private timer?: NodeJS.Timeout;
    private timerAt = Infinity;
    private ticking = false;
    private wantedAt = Infinity;
    private lastStatusAt = 0;
    private lastReportAt = 0;
    private workersOnline?: number;
    private noWorkerSince?: number;
    private pollFailingSince?: number;
    private interval = MIN_INTERVAL_MS;

    constructor(
        private readonly api: TaskApi,
        private readonly opts: WatchOptions,
    ) {}

    /** Subscribes to reports of long waits; returns the unsubscribe function. */
    onWait(l: WaitListener): () => void {
        this.listeners.add(l);
        return () => this.listeners.delete(l);
    }

    wait(href: string, what: string): Promise<PulpTask> {
        return new Promise((resolve, reject) => {
            const now = Date.now();
            // Alone, a task is polled at once (it may be final already); beside one other it is
            // polled soon (see pace); with more pending it joins their next poll.
            if (!this.watched.size) this.interval = MIN_INTERVAL_MS;
            let w = this.watched.get(href);
            if (!w) this.watched.set(href, (w = { waiters: [], since: now, state: "waiting" }));
            w.waiters.push({ what, since: now, resolve, reject });
            if (this.watched.size === 1 && !this.ticking) this.schedule(now + FIRST_POLL_MS);
            // Beside a long sync polled every couple of seconds, a new short task is polled soon.
            else if (this.watched.size < FEW) this.schedule(now + MIN_INTERVAL_MS);
        });
    }

    /**
     * Paces polls by what they find: while tasks remain, a poll that finished fewer than three
     * waits longer before the next, one that finished five or more sooner. Polls then track the
     * rate at which Pulp finishes tasks at three or four tasks a poll (about 0.3 requests per task
     * however many wait), and a long sync is polled every couple of seconds. The wait this adds
     * (under a second at Pulp's pace here) is hidden behind the tasks Pulp is still running.
     * One or two tasks have nothing to share a poll with, and an operator's chain of dependent
     * resources waits for each in turn: they are polled at a quarter of the youngest one's age,
     * so a task of a few hundred milliseconds is seen within a few dozen of finishing and a long
     * one is still polled every couple of seconds.
     */
    private pace(finished: number): void {
        if (!this.watched.size) return; // the next wait starts afresh
        if (this.watched.size < FEW) {
            const youngest = Math.max(...[...this.watched.values()].map((w) => w.since));
            this.interval = clampInterval((Date.now() - youngest) / 4);
        } else if (finished < 3) this.interval = clampInterval(this.interval * 1.5);
        else if (finished >= 5) this.interval = clampInterval(this.interval / 1.5);
    }

    private schedule(at: number): void {
        if (this.ticking) {
            this.wantedAt = Math.min(this.wantedAt, at);
            return;
        }
        if (this.timer && this.timerAt <= at) return;
        if (this.timer) clearTimeout(this.timer);
        this.timerAt = at;
        this.timer = setTimeout(() => void this.tick(), Math.max(0, at - Date.now()));
    }

    private async tick(): Promise<void> {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.ticking = true;
        this.wantedAt = Infinity;
        try {
            await this.poll();
            await this.watchWorkers();
            await this.enforceDeadlines();
            this.report();
        } finally {
            this.ticking = false;
            if (this.watched.size) {
                const now = Date.now();
                this.schedule(Math.min(this.wantedAt, now + this.interval));
            }
        }
    }

    private async poll(): Promise<void> {
        const hrefs = [...this.watched.keys()];
        let finished = 0;
        for (let i = 0; i < hrefs.length; i += BATCH) {
            const batch = hrefs.slice(i, i + BATCH);
            let tasks: PulpTask[];
            try {
                tasks = await this.api.listTasks(batch);
                this.pollFailingSince = undefined;
            } catch (e) {
                // Pulp restarting: keep waiting a while. Wrong credentials: no point.
                const now = Date.now();
                this.pollFailingSince ??= now;
                const fatal = e instanceof PulpError && (e.authFailure || e.notFound);
                if (fatal || now - this.pollFailingSince > POLL_FAILURE_GRACE_MS)
                    this.fail(batch, e as Error);
                return;
            }
            const seen = new Map(tasks.map((t) => [t.pulp_href, t]));
            for (const href of batch) {
                const t = seen.get(href);
                const w = this.watched.get(href);
                if (!w) continue;
                if (!t) {
                    this.fail([href], new PulpError(`Pulp no longer knows task ${href}`, "TASK", href));
                } else if (isFinal(t)) {
                    finished++;
                    this.watched.delete(href);
                    for (const x of w.waiters) {
                        try {
                            x.resolve(assertSucceeded(t, x.what));
                        } catch (err) {
                            x.reject(err as Error);
                        }
                    }
                } else {
                    w.state = t.state;
                    w.progress = progressSummary(t);
                }
            }
        }
        this.pace(finished);
    }

    private async watchWorkers(): Promise<void> {
        const now = Date.now();
        const oldest = Math.max(0, ...[...this.watched.values()].map((w) => now - w.since));
        if (oldest < STATUS_AFTER_MS || now - this.lastStatusAt < STATUS_EVERY_MS) return;
        this.lastStatusAt = now;
        try {
            this.workersOnline = await this.api.onlineWorkers();
        } catch {
            return; // status/ unreachable: the polls report that
        }
        if (this.workersOnline > 0) this.noWorkerSince = undefined;
        else this.noWorkerSince ??= now;
        const grace = this.opts.noWorkerGraceMs ?? 30_000;
        if (this.noWorkerSince === undefined || now - this.noWorkerSince < grace) return;
        const hrefs = [...this.watched.keys()];
        const canceled = await this.cancel(hrefs);
        this.fail(
            hrefs,
            new PulpError(
                `no Pulp worker is online at ${this.api.server} (its status has listed none for ` +
                    `${Math.round((now - this.noWorkerSince) / 1000)}s), so these tasks cannot run: ` +
                    `${this.describe(hrefs)}. Start pulpcore-worker (or find out why it stopped), then run ` +
                    `again; ${this.canceledNote(hrefs, canceled)}`,
                "TASK",
                hrefs[0],
                undefined,
                {},
                "no-worker",
            ),
        );
    }

    private async enforceDeadlines(): Promise<void> {
        const now = Date.now();
        const late = [...this.watched]
            .filter(([, w]) => now - w.since > this.opts.deadlineMs)
            .map(([h]) => h);
        if (!late.length) return;
        const canceled = await this.cancel(late);
        const s = Math.round(this.opts.deadlineMs / 1000);
        for (const href of late) {
            const w = this.watched.get(href);
            if (!w) continue;
            this.fail(
                [href],
                new PulpError(
                    `timed out after ${s}s waiting for Pulp task(s) for ${w.waiters[0].what}: ${href} is still ` +
                        `${w.state}${w.progress ? ` (${w.progress})` : ""} (is a pulpcore-worker running? ` +
                        `release-train:pulpTaskTimeoutSeconds sets the deadline); ${this.canceledNote([href], canceled)}`,
                    "TASK",
                    href,
                    undefined,
                    {},
                    "timeout",
                ),
            );
        }
    }

    private report(): void {
        if (!this.listeners.size) return;
        const now = Date.now();
        const entries = [...this.watched];
        const oldest = Math.max(0, ...entries.map(([, w]) => now - w.since));
        if (oldest < REPORT_AFTER_MS || now - this.lastReportAt < REPORT_EVERY_MS) return;
        this.lastReportAt = now;
        const r: WaitReport = {
            server: this.api.server,
            workersOnline: this.workersOnline,
            tasks: entries.map(([href, w]) => ({
                href,
                what: w.waiters[0].what,
                state: w.state,
                waitedMs: now - w.since,
                progress: w.progress,
            })),
        };
        for (const l of this.listeners) {
            try {
                l(r);
            } catch {
                // A listener's failure must not break the wait it reports on.
            }
        }
    }

    /**
     * Cancels tasks we gave up on: a create left waiting would otherwise run when a worker comes
     * back and leave an object Pulumi does not know about. Returns those canceled.
     */
    private async cancel(hrefs: string[]): Promise<string[]> {
        const done: string[] = [];
        for (const h of hrefs) {
            try {
                await this.api.cancel(h);
                done.push(h);
            } catch {
                // 409: it started or finished meanwhile; reported as not canceled.
            }
        }
        return done;
    }

    private canceledNote(hrefs: string[], canceled: string[]): string {
        const left = hrefs.filter((h) => !canceled.includes(h));
        return left.length
            ? `could not cancel ${left.join(", ")}`
            : "canceled, so nothing runs late and the next run starts clean";
    }

    private describe(hrefs: string[]): string {
        return hrefs
            .map((h) => {
                const w = this.watched.get(h);
                return w ? `${w.waiters[0].what} (${h}, ${w.state})` : h;
            })
            .join("; ");
    }

    private fail(hrefs: string[], e: Error): void {
        for (const h of hrefs) {
            const w = this.watched.get(h);
            this.watched.delete(h);
            for (const x of w?.waiters ?? []) x.reject(e);
        }
    }
}
