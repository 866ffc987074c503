/**
 * The deb-only catalogue fields and the rules pulp_deb (and apt) hold them to, checked before
 * anything reaches Ark so a typo fails the preview instead of the nightly sync.
 */

/** Publication modes, as the real-world catalogue (pulp.squeezer's deb_publication) names them. */
export const DEB_MODES = ["structured", "simple", "simple_and_structured", "verbatim"] as const;
export type DebMode = (typeof DEB_MODES)[number];

export interface DebFields {
    readonly distributions?: string;
    readonly components?: string;
    readonly architectures?: string;
    readonly sync_sources?: boolean;
    readonly sync_udebs?: boolean;
    readonly gpgkey?: string;
}

// A distribution is the path under the repository root to its Release file (`noble`,
// `noble-updates/epoxy` in the Cloud Archive); a flat repository's ends in '/' ('./' included).
const DIST_RE = /^[A-Za-z0-9._~+-]+(\/[A-Za-z0-9._~+-]+)*\/?$/;
// Debian's component names; 'updates/main' is how Debian's security archive spelt them.
const COMPONENT_RE = /^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;
// pulp_deb's AptRemoteSerializer ARCH_RE.
const ARCH_RE = /^[A-Za-z0-9_+-]+$/;

const tokens = (v: string | undefined) => (v ?? "").split(/\s+/).filter(Boolean);

/** A deb list (distributions, components, architectures) in one spelling: Pulp keeps them as written. */
export const debList = (v?: string) => tokens(v).join(" ");

function listProblems(field: string, v: string | undefined, re: RegExp, example: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const t of tokens(v)) {
        if (seen.has(t)) out.push(`${field} lists '${t}' twice: list it once`);
        seen.add(t);
        if (t !== "./" && !re.test(t))
            out.push(`${field} '${t}' is not a valid name: use names such as ${example}`);
        else if (t.split("/").some((s) => s === ".."))
            out.push(`${field} '${t}' must not contain '..' segments`);
    }
    if (v !== undefined && tokens(v).length === 0)
        out.push(`${field} is empty: list at least one, or remove the field`);
    return out;
}

/** Problems with an entry's deb fields; each names the field and the fix. */
export function debFieldProblems(e: DebFields): string[] {
    const out = [
        ...listProblems(
            "distributions",
            e.distributions,
            DIST_RE,
            "'noble noble-updates' or 'noble-updates/epoxy'",
        ),
        ...listProblems("components", e.components, COMPONENT_RE, "'main universe'"),
        ...listProblems("architectures", e.architectures, ARCH_RE, "'amd64 arm64'"),
    ];
    const dists = tokens(e.distributions);
    if (dists.length > 0 && dists.every((d) => d.endsWith("/"))) {
        if (e.components !== undefined)
            out.push(
                "components must be left out for a flat repository (every distribution ends in '/'): remove components",
            );
        if (e.sync_sources)
            out.push("sync_sources is not supported for flat repositories (pulp_deb): remove sync_sources");
    }
    if (e.gpgkey !== undefined && !/-----BEGIN PGP PUBLIC KEY BLOCK-----/.test(e.gpgkey))
        out.push(
            "gpgkey must be the upstream's ASCII-armored public key ('-----BEGIN PGP PUBLIC KEY BLOCK-----' …), e.g. the output of 'gpg --armor --export KEYID'",
        );
    return out;
}
