/** One path component of a registry name, as pulp_container's validate_registry_path accepts it. */
export const REGISTRY_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9])*$/;
/** Why a path is not a registry name (each '/'-separated part a component), else undefined. */
export function registryPathProblem(p: string): string | undefined {
    const bad = p.split("/").filter((s) => !REGISTRY_COMPONENT.test(s));
    return bad.length
        ? `is not a registry name: '${bad.join("', '")}' must be lower-case letters and digits joined by '.', '_' or '-'`
        : undefined;
}
