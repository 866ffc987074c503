import { PulpClient } from "../components/pulp/client/http";
import { Unit, versionContent } from "./content";

export interface ContentDiff {
    added: string[];
    removed: string[];
    changed: string[];
}

/** A package's name (what "the same package" means across versions) and how to print it. */
function describe(u: Unit): { key: string; label: string } {
    const f = u.fields as Record<string, string | number | null>;
    if (u.type === "rpm.package") {
        const evr = `${f.epoch && f.epoch !== "0" ? `${f.epoch}:` : ""}${f.version}-${f.release}`;
        return { key: `${u.type} ${f.name}.${f.arch}`, label: `${f.name}-${evr}.${f.arch}` };
    }
    if (u.type === "deb.package" || u.type === "deb.installer_package")
        return {
            key: `${u.type} ${f.package}:${f.architecture}`,
            label: `${f.package}_${f.version}_${f.architecture}${u.type === "deb.installer_package" ? ".udeb" : ""}`,
        };
    if (u.type === "deb.source_package")
        return { key: `${u.type} ${f.source}`, label: `${f.source}_${f.version} (source)` };
    if (u.type === "file.file")
        return {
            key: `${u.type} ${f.relative_path}`,
            label: `${f.relative_path} (${String(f.sha256).slice(0, 12)})`,
        };
    return { key: `${u.type} ${u.identity}`, label: `${u.type} ${u.identity}` };
}

// A deb repository version also holds its Release files, indices and their structure: they change
// with every upstream publish and say nothing a package change does not.
const DEB_PACKAGES = ["deb.package", "deb.installer_package", "deb.source_package"];
const isPackageLevel = (type: string) => !type.startsWith("deb.") || DEB_PACKAGES.includes(type);

/** Packages added, removed and changed between two repository versions, from Pulp's content lists. */
export async function diffVersions(
    client: PulpClient,
    fromHref: string,
    toHref: string,
): Promise<ContentDiff> {
    const index = async (href: string) => {
        const m = new Map<string, Set<string>>();
        for (const u of await versionContent(client, href)) {
            if (!isPackageLevel(u.type)) continue;
            const d = describe(u);
            if (!m.has(d.key)) m.set(d.key, new Set());
            m.get(d.key)!.add(d.label);
        }
        return m;
    };
    const [a, b] = await Promise.all([index(fromHref), index(toHref)]);
    const out: ContentDiff = { added: [], removed: [], changed: [] };
    for (const [k, labels] of b) {
        const before = a.get(k);
        if (!before) out.added.push(...labels);
        else if ([...labels].sort().join() !== [...before].sort().join()) {
            out.changed.push(`${[...before].sort().join(", ")} -> ${[...labels].sort().join(", ")}`);
        }
    }
    for (const [k, labels] of a) if (!b.has(k)) out.removed.push(...labels);
    for (const l of Object.values(out)) l.sort();
    return out;
}
