import { PulpTask } from "../../components/pulp/client/tasks";
import { TaskApi, TaskWatcher } from "../../components/pulp/client/taskWatcher";

/** A Pulp that finishes each task after `polls` polls of it, and counts the requests. */
function fakePulp(pollsToFinish: (href: string) => number) {
    const seen = new Map<string, number>();
    const calls = { list: 0, status: 0, cancel: [] as string[] };
    const api: TaskApi = {
        server: "http://pulp.test",
        async listTasks(hrefs) {
            calls.list++;
            return hrefs.map((h): PulpTask => {
                const n = (seen.get(h) ?? 0) + 1;
                seen.set(h, n);
                return { pulp_href: h, state: n >= pollsToFinish(h) ? "completed" : "waiting" };
            });
        },
        async onlineWorkers() {
            calls.status++;
            return 1;
        },
        async cancel(h) {
            calls.cancel.push(h);
        },
    };
    return { api, calls };
}

describe("task watcher", () => {
    test("a task already final costs one poll", async () => {
        const { api, calls } = fakePulp(() => 1);
        const w = new TaskWatcher(api, { deadlineMs: 60_000 });
        expect((await w.wait("/t/1/", "flipping a guard")).state).toBe("completed");
        expect(calls.list).toBe(1);
    });

    test("many concurrent waits share their polls", async () => {
        const { api, calls } = fakePulp(() => 3);
        const w = new TaskWatcher(api, { deadlineMs: 60_000 });
        const hrefs = Array.from({ length: 120 }, (_, i) => `/t/${i}/`);
        await Promise.all(hrefs.map((h) => w.wait(h, "creating")));
        // Three rounds of polls, each one request per 50 tasks.
        expect(calls.list).toBe(3 * 3);
    });

    test("a steady stream of tasks costs a third of a poll each, not one", async () => {
        // Pulp finishes each task 300 ms after it is dispatched; a new one arrives every 50 ms,
        // as when `pulumi up` creates hundreds of distributions many at a time.
        const born = new Map<string, number>();
        let polls = 0;
        const api: TaskApi = {
            ...fakePulp(() => 1).api,
            async listTasks(hrefs) {
                polls++;
                const now = Date.now();
                return hrefs.map((h) => ({
                    pulp_href: h,
                    state: now - born.get(h)! >= 300 ? "completed" : "running",
                }));
            },
        };
        const w = new TaskWatcher(api, { deadlineMs: 60_000 });
        const waits: Promise<PulpTask>[] = [];
        for (let i = 0; i < 100; i++) {
            born.set(`/t/${i}/`, Date.now());
            waits.push(w.wait(`/t/${i}/`, "creating"));
            await new Promise((r) => setTimeout(r, 50));
        }
        expect((await Promise.all(waits)).every((t) => t.state === "completed")).toBe(true);
        expect(polls / 100).toBeLessThanOrEqual(0.4);
    });

    test("a lone task is seen within a quarter of its run time, and a long one is polled every couple of seconds", async () => {
        // As in an operator's chain of dependent resources: one task at a time, nothing to batch.
        jest.useFakeTimers();
        try {
            let finishAt = Infinity;
            let polls = 0;
            const api: TaskApi = {
                ...fakePulp(() => 1).api,
                async listTasks(hrefs) {
                    polls++;
                    const state = Date.now() >= finishAt ? "completed" : "running";
                    return hrefs.map((h) => ({ pulp_href: h, state }));
                },
            };
            const w = new TaskWatcher(api, { deadlineMs: 600_000 });
            const run = async (ms: number) => {
                finishAt = Date.now() + ms;
                polls = 0;
                let seenAt = 0;
                void w.wait(`/t/${ms}/`, "creating").then(() => (seenAt = Date.now()));
                while (!seenAt) await jest.advanceTimersByTimeAsync(10);
                return { late: seenAt - finishAt, polls };
            };
            for (const ms of [200, 300, 500, 800, 1_000, 2_000]) {
                const { late } = await run(ms);
                expect({ ms, late: late <= ms / 4 + 50 }).toEqual({ ms, late: true });
            }
            const long = await run(60_000);
            expect(long.late).toBeLessThanOrEqual(2_000);
            expect(long.polls).toBeLessThanOrEqual(60);
        } finally {
            jest.useRealTimers();
        }
    });

    test("a failed task rejects with Pulp's reason", async () => {
        const api: TaskApi = {
            ...fakePulp(() => 1).api,
            async listTasks(hrefs) {
                return hrefs.map((h) => ({
                    pulp_href: h,
                    state: "failed",
                    error: { description: "upstream answered 404" },
                }));
            },
        };
        await expect(new TaskWatcher(api, { deadlineMs: 60_000 }).wait("/t/1/", "syncing x")).rejects.toThrow(
            "Pulp task for syncing x failed: upstream answered 404",
        );
    });

    test("past the deadline the task is canceled and the wait fails", async () => {
        const { api, calls } = fakePulp(() => Infinity);
        const w = new TaskWatcher(api, { deadlineMs: 300 });
        await expect(w.wait("/t/slow/", "creating a distribution")).rejects.toThrow(
            /^timed out after 0s waiting for Pulp task\(s\) for creating a distribution: \/t\/slow\/ is still waiting/,
        );
        expect(calls.cancel).toEqual(["/t/slow/"]);
    });
});
