import { providers } from "../../components/pulp/providers/runtime";
import { digestMatches, normalizeCerts, secretDigest, UNKNOWN } from "../../components/pulp/providers/fields";
import { describeHttpError } from "../../components/pulp/client/errors";

// check() runs before any API call: these never touch a server.
const connection = { baseUrl: "http://127.0.0.1:1", username: "admin", password: "pw" };
const failures = async (kind: string, inputs: Record<string, unknown>) =>
    ((await providers[kind].check!({}, { connection, ...inputs })).failures ?? []).map(
        (f) => `${f.property}: ${f.reason}`,
    );

describe("provider input validation names the field and the fix", () => {
    test("a distribution cannot serve both a publication and a repository", async () => {
        const f = await failures("distribution", {
            plugin: "rpm",
            name: "d",
            base_path: "a/b",
            repository: "/pulp/api/v3/repositories/rpm/rpm/1/",
            publication: "/pulp/api/v3/publications/rpm/rpm/2/",
        });
        expect(f).toEqual([
            "publication: set only one of repository, repository_version and publication (got repository and publication)",
        ]);
    });

    test.each([
        ["/leading", "must not start or end with '/'"],
        ["trailing/", "must not start or end with '/'"],
        ["a//b", "must not contain '//'"],
        ["a/../b", "must not contain '.' or '..' segments"],
        ["a b", "must not contain whitespace, '?' or '#'"],
    ])("base_path %p is refused", async (base_path, why) => {
        expect(await failures("distribution", { plugin: "file", name: "d", base_path })).toEqual([
            `base_path: base_path '${base_path}' ${why}`,
        ]);
    });

    test("a failure on a secret field names it without a property, so the engine prints no value", async () => {
        // The engine prints "property p value v has a problem" with v in plain text, secret or not.
        const short = await providers.user.check!({}, { connection, username: "site-a", password: "pw-a" });
        expect(short.failures).toEqual([
            { property: "", reason: "password: password must be at least 8 characters" },
        ]);
        const bad = await providers.user.check!(
            {},
            { connection: { ...connection, baseUrl: 7 }, username: "u" },
        );
        expect(bad.failures!.map((f) => f.property)).toEqual([""]);
        expect(bad.failures![0].reason).toMatch(/^connection\.baseUrl: /);
        expect(JSON.stringify([short.failures, bad.failures])).not.toMatch(/pw-a|"pw"/);
    });

    test("unknown fields and plugin types are refused by name", async () => {
        expect(await failures("repository", { plugin: "rpm", name: "r", colour: "red" })).toEqual([
            'colour: Unrecognized key: "colour"',
        ]);
        expect(await failures("repository", { plugin: "ostree", name: "r" })).toEqual([
            "plugin: plugin must be one of rpm, deb, file, container",
        ]);
        expect(await failures("repository", { plugin: "container", name: "r", autopublish: true })).toEqual([
            "autopublish: autopublish is not a field of container repositories",
        ]);
    });

    test("remote rules: deb distributions, container upstream_name, no credentials in the URL", async () => {
        expect(await failures("remote", { plugin: "deb", name: "n", url: "http://x/ubuntu" })).toEqual([
            "distributions: deb remotes need distributions, e.g. 'noble noble-updates'",
        ]);
        expect(await failures("remote", { plugin: "container", name: "n", url: "https://registry" })).toEqual(
            ["upstream_name: container remotes need upstream_name, e.g. 'library/busybox'"],
        );
        expect(await failures("remote", { plugin: "rpm", name: "n", url: "https://u:p@x/repo" })).toEqual([
            "url: url must not embed credentials: use username/password",
        ]);
    });

    test("a container namespace is one lower-case registry path component; private is for container snapshots", async () => {
        expect(await failures("containerNamespace", { name: "kolla-dev" })).toEqual([]);
        for (const name of ["Kolla", "kolla/dev", "-kolla"])
            expect(await failures("containerNamespace", { name })).toEqual([
                `name: name '${name}' must be one registry path component: lower-case letters and digits joined by '.', '_' or '-'`,
            ]);
        const snapshot = {
            name: "s",
            base_path: "a/b",
            repository_version: "/pulp/api/v3/repositories/rpm/rpm/1/versions/1/",
            private: true,
        };
        expect(await failures("snapshot", { ...snapshot, plugin: "rpm" })).toEqual([
            "private: private applies to container snapshots only (rpm: a content guard)",
        ]);
        expect(await failures("snapshot", { ...snapshot, plugin: "container" })).toEqual([]);
    });

    test("a publication takes exactly one source", async () => {
        expect(await failures("publication", { plugin: "rpm" })).toEqual([
            "repository_version: set exactly one of repository_version (a snapshot) and repository (its latest version)",
        ]);
    });

    test("values unknown at preview are not judged", async () => {
        expect(
            await failures("distribution", {
                plugin: "rpm",
                name: "d",
                base_path: UNKNOWN,
                repository: UNKNOWN,
            }),
        ).toEqual([]);
    });

    test("a missing connection says what it needs", async () => {
        const r = await providers.repository.check!({}, { plugin: "rpm", name: "r" });
        expect(r.failures?.[0]).toEqual({
            property: "connection",
            reason: "connection is required: {baseUrl, username, password}",
        });
    });
});

describe("diff helpers", () => {
    test("certificates compare as Pulp stores them: blocks only, trailing newline", () => {
        const block = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        expect(normalizeCerts(`subject=CN x\n${block}\n\n`)).toBe(`${block}\n`);
        expect(normalizeCerts(`${block}\n${block}`)).toBe(`${block}\n${block}\n`);
        expect(normalizeCerts("")).toBeNull();
    });

    test("secret digests match only their own value and never contain it", () => {
        const d = secretDigest("hunter2-password");
        expect(d).not.toContain("hunter2");
        expect(digestMatches("hunter2-password", d)).toBe(true);
        expect(digestMatches("hunter3-password", d)).toBe(false);
        expect(secretDigest("hunter2-password")).not.toBe(d); // salted
    });

    test("HTTP errors carry Pulp's field messages and a hint", () => {
        const e = describeHttpError("POST", "/pulp/api/v3/distributions/rpm/rpm/", 400, {
            base_path: ["Overlaps with existing distribution 'x'"],
        });
        expect(e.message).toBe(
            "Pulp POST /pulp/api/v3/distributions/rpm/rpm/ failed with HTTP 400: base_path: Overlaps with existing distribution 'x'",
        );
        expect(e.fields).toEqual({ base_path: ["Overlaps with existing distribution 'x'"] });
    });
});

describe("snapshots are immutable", () => {
    const olds = {
        connection,
        plugin: "rpm",
        pulp_href: "/pulp/api/v3/distributions/rpm/rpm/1/",
        observed: { pulp_labels: { "release-train.immutable": "true", "release-train.version": "3" } },
        secret_digests: {},
    };
    const news = (version: string) => ({
        connection,
        plugin: "rpm",
        name: "rocky-9-baseos-20260101T000000",
        base_path: "rocky/9/20260101T000000",
        pulp_labels: { "release-train.immutable": "true", "release-train.version": version },
    });

    test("re-pointing a snapshot to another repository version fails the preview", async () => {
        await expect(providers.distribution.diff!(olds.pulp_href, olds, news("4"))).rejects.toThrow(
            "distribution 'rocky-9-baseos-20260101T000000' is an immutable snapshot of repository version 3; it cannot be re-pointed to version 4: record a new snapshot instead",
        );
    });

    test("the same version (a guard flip) is fine", async () => {
        await expect(providers.distribution.diff!(olds.pulp_href, olds, news("3"))).resolves.toMatchObject({
            replaces: [],
        });
    });
});
