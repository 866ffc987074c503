import { PulpClient } from "../components/pulp/client/http";

type Task = { pulp_href: string; name: string; state: string; started_at?: string | null };

/** Beyond this many, the refusal names the first ones and says how many more. */
const MAX_NAMED = 5;

/**
 * The tasks whose content an orphan cleanup with this protection time could delete. Content a
 * sync, upload or import makes is orphaned until the task adds it to a repository version, and
 * the cleanup spares only orphans younger than the protection time: so a task that started at
 * least that long ago is at risk, and with 0 every task that runs or waits to run is.
 */
export async function tasksAtRisk(client: PulpClient, protectionMinutes: number): Promise<Task[]> {
    const tasks = await client.list<Task>("tasks/", {
        state__in: ["running", "waiting"],
        fields: ["pulp_href", "name", "state", "started_at"],
    });
    const since = Date.now() - protectionMinutes * 60_000;
    return tasks.filter(
        (t) =>
            protectionMinutes === 0 ||
            (t.state === "running" &&
                t.started_at !== null &&
                t.started_at !== undefined &&
                Date.parse(t.started_at) <= since),
    );
}

/**
 * Refuses an orphan cleanup with a shorter protection time than the server's while a task could
 * lose its content to it. `done` says what has already happened, for a refusal halfway through.
 */
export async function refuseOrphanRisk(
    client: PulpClient,
    protectionMinutes: number,
    done = "",
): Promise<void> {
    const risky = await tasksAtRisk(client, protectionMinutes);
    if (risky.length === 0) return;
    const named = risky
        .slice(0, MAX_NAMED)
        .map((t) => `${t.name} (${t.state}, ${t.pulp_href})`)
        .join("; ");
    const more = risky.length > MAX_NAMED ? ` and ${risky.length - MAX_NAMED} more` : "";
    throw new Error(
        `${done}orphan cleanup not run: with --orphan-protection ${protectionMinutes} it could delete the ` +
            `content of ${risky.length} Pulp task(s) that ${protectionMinutes === 0 ? "run or wait to run" : `have run for at least ${protectionMinutes} minute(s)`}: ` +
            `${named}${more}. Run it again once they finish, or leave out --orphan-protection ` +
            `(the server's ORPHAN_PROTECTION_TIME applies)`,
    );
}
