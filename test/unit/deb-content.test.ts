import { contentDigest, versionContent } from "../../cli/content";
import { diffVersions } from "../../cli/snapshotDiff";
import { PulpClient } from "../../components/pulp/client/http";

// deb digests and diffs over a fake Pulp: which component holds a package is part of the content,
// the Release files and indices are not package changes.
type Item = Record<string, unknown>;
function fakePulp(versions: Record<string, Record<string, Item[]>>): PulpClient {
    return {
        get: async (href: string) => ({
            number: 1,
            pulp_created: "2026-01-01T00:00:00Z",
            content_summary: {
                present: Object.fromEntries(
                    Object.keys(versions[href]).map((t) => [t, { href: `${href}|${t}` }]),
                ),
            },
        }),
        list: async (href: string, params: { fields?: string[] }) => {
            const [v, t] = href.split("|");
            return versions[v][t].map((i) =>
                params.fields ? Object.fromEntries(params.fields.map((f) => [f, i[f]])) : i,
            );
        },
    } as unknown as PulpClient;
}

const pkg = (name: string, version: string, n: number): Item => ({
    pulp_href: `/p/${name}-${version}/`,
    package: name,
    version,
    architecture: "amd64",
    sha256: String(n).repeat(64),
    relative_path: `pool/main/${name}_${version}_amd64.deb`,
});
const comp = (distribution: string, component: string): Item => ({
    pulp_href: `/rc/${distribution}/${component}/`,
    distribution,
    component,
});
const prc = (p: Item, rc: Item): Item => ({
    pulp_href: `/prc/${p.pulp_href}${rc.pulp_href}`,
    package: p.pulp_href,
    release_component: rc.pulp_href,
});

const foo = pkg("foo", "1.0", 1);
const foo2 = pkg("foo", "1.1", 2);
const main = comp("noble", "main");
const universe = comp("noble", "universe");
const release = (date: string): Item => ({
    pulp_href: `/rf/${date}/`,
    distribution: "noble",
    codename: "noble",
    suite: "noble",
    relative_path: "dists/noble/Release",
    vuln_report: date,
});

test("a package that moves component changes the digest; hrefs do not", async () => {
    const client = fakePulp({
        a: {
            "deb.package": [foo],
            "deb.release_component": [main, universe],
            "deb.package_release_component": [prc(foo, main)],
        },
        b: {
            "deb.package": [foo],
            "deb.release_component": [main, universe],
            "deb.package_release_component": [prc(foo, universe)],
        },
        c: {
            "deb.package_release_component": [
                { pulp_href: "/other/", package: "/elsewhere/foo/", release_component: "/elsewhere/main/" },
            ],
            "deb.package": [{ ...foo, pulp_href: "/elsewhere/foo/" }],
            "deb.release_component": [{ ...main, pulp_href: "/elsewhere/main/" }, universe],
        },
    });
    const a = await versionContent(client, "a");
    expect(a.find((u) => u.type === "deb.package_release_component")?.fields).toEqual({
        package: {
            package: "foo",
            version: "1.0",
            architecture: "amd64",
            sha256: "1".repeat(64),
            relative_path: foo.relative_path,
        },
        release_component: { distribution: "noble", component: "main" },
    });
    expect(contentDigest(a)).not.toEqual(contentDigest(await versionContent(client, "b")));
    // c is a on another Pulp: other hrefs, and the referring type listed first.
    expect(contentDigest(await versionContent(client, "c"))).toEqual(contentDigest(a));
});

test("a reference to a unit outside the version is an error, not a silent digest", async () => {
    const client = fakePulp({
        a: { "deb.release_component": [main], "deb.package_release_component": [prc(foo, main)] },
    });
    await expect(versionContent(client, "a")).rejects.toThrow(
        "deb.package_release_component refers to /p/foo-1.0/, which is not a deb.package of a",
    );
});

test("diff lists package changes only, not Release files or indices", async () => {
    const client = fakePulp({
        a: {
            "deb.package": [foo],
            "deb.release_file": [release("1")],
            "deb.release_component": [main],
            "deb.package_release_component": [prc(foo, main)],
        },
        b: {
            "deb.package": [foo2, pkg("bar", "1.0", 3)],
            "deb.release_file": [{ ...release("2"), codename: "noble2" }],
            "deb.release_component": [main],
            "deb.package_release_component": [prc(foo2, main)],
        },
    });
    expect(await diffVersions(client, "a", "b")).toEqual({
        added: ["bar_1.0_amd64"],
        removed: [],
        changed: ["foo_1.0_amd64 -> foo_1.1_amd64"],
    });
});
