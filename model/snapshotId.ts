/** Snapshot ids are the repository version's creation time in UTC, `YYYYMMDDTHHMMSS`. */
export const SNAPSHOT_ID = /^\d{8}T\d{6}$/;

export function snapshotIdOf(created: string | Date): string {
    const d = typeof created === "string" ? new Date(created) : created;
    if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp: ${String(created)}`);
    return d.toISOString().replace(/[-:]/g, "").slice(0, 15);
}

export function snapshotDate(id: string): Date {
    const m = id.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/);
    if (!m) throw new Error(`snapshot id '${id}' is not YYYYMMDDTHHMMSS`);
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/**
 * Where a snapshot is served: `<base_path><id>`. A registry name is lower-case only (pulp_container's
 * validate_registry_path), so a container snapshot's id is spelled `YYYYMMDDtHHMMSS` there.
 */
export function snapshotBasePath(type: string, basePath: string, id: string): string {
    return `${basePath}${type === "container" ? id.toLowerCase() : id}`;
}
