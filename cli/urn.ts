// What the CLI reads out of a Pulumi URN (`urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`)
// in the engine's preview output and update plans.

/** A snapshot is a `pulp:Snapshot`; stacks made before that have a `pulp:Distribution` per snapshot. */
export const SNAPSHOT_TYPES = /pulp:(Snapshot|Distribution)$/;

/** The resource's own type: the last of the `$`-joined parent types. */
export const urnType = (urn: string) => (urn.split("::")[2] ?? "").split("$").pop()!;

/** The last URN segment: the resource's name. */
export const urnName = (urn: string) => urn.split("::").pop()!;
