import { KindSpec } from "./crud";
import { FieldTable } from "./fields";
import { endpointFor, ObjectKind, Plugin } from "./plugins";

/** The shared part of repositories, remotes and distributions: typed by plugin, keyed by name. */
export function namedPluginKind(
    kind: ObjectKind,
    noun: string,
    byPlugin: Record<Plugin, FieldTable>,
    common: FieldTable,
): Pick<KindSpec, "describe" | "endpoint" | "fields" | "replaceKeys" | "naturalKey"> {
    return {
        describe: (i) => `${i.plugin} ${noun} '${i.name}'`,
        endpoint: (i) => endpointFor(kind, i.plugin as Plugin),
        fields: (i) => byPlugin[i.plugin as Plugin] ?? common,
        replaceKeys: ["plugin"],
        naturalKey: (i) => ({ name: i.name as string }),
    };
}
