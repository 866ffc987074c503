/** Content types release-train manages and their Pulp detail endpoints. */
export const PLUGINS = ["rpm", "deb", "file", "container"] as const;
export type Plugin = (typeof PLUGINS)[number];

const DETAIL: Record<Plugin, string> = {
    rpm: "rpm/rpm",
    deb: "deb/apt",
    file: "file/file",
    container: "container/container",
};

export type ObjectKind = "repositories" | "remotes" | "distributions" | "publications";

export function endpointFor(kind: ObjectKind, plugin: Plugin): string {
    if (kind === "publications" && plugin === "container") {
        throw new Error("container repositories have no publications: distribute the repository instead");
    }
    return `${kind}/${DETAIL[plugin]}/`;
}

/** Distribution base paths, as Pulp's relative_path_validator accepts them. */
export function basePathProblem(p: string): string | undefined {
    if (p.startsWith("/") || p.endsWith("/")) return "must not start or end with '/'";
    if (p.includes("//")) return "must not contain '//'";
    if (/\s|[?#]/.test(p)) return "must not contain whitespace, '?' or '#'";
    if (p.split("/").some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments";
    if (p === "") return "must not be empty";
    return undefined;
}

/** Names Pulp accepts and operators can read: no leading/trailing whitespace, not empty. */
export function nameProblem(n: string): string | undefined {
    if (n.trim() !== n || n === "") return "must be non-empty without leading or trailing whitespace";
    if (n.length > 255) return "must be at most 255 characters";
    return undefined;
}

/** One component of a registry path, as pulp_container's validate_registry_path accepts it. */
export const REGISTRY_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9])*$/;
