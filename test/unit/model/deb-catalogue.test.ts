import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { loadCatalogue } from "../../../model/catalogue";

function load(repositories: unknown[]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-debcat-"));
    fs.writeFileSync(path.join(dir, "deb.yaml"), YAML.stringify({ repositories }));
    return () => loadCatalogue(dir);
}
let n = 0;
const deb = (extra: Record<string, unknown> = {}) => {
    n++;
    return {
        name: `Deb ${n}`,
        short_name: `deb_${n}`,
        type: "deb",
        url: "http://archive.ubuntu.com/ubuntu",
        base_path: `deb/${n}/`,
        sync_group: "ubuntu",
        distributions: "noble",
        ...extra,
    };
};
const KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZ…\n-----END PGP PUBLIC KEY BLOCK-----\n";

function problems(entries: unknown[]): string {
    try {
        load(entries)();
    } catch (e) {
        return (e as Error).message;
    }
    return "";
}

describe("deb catalogue entries", () => {
    test("the real-world shapes load: Ubuntu, security, arm64 ports, Cloud Archive, third party", () => {
        const c = load([
            deb({
                distributions: "noble noble-updates noble-backports noble-security",
                components: "main restricted universe multiverse",
                architectures: "amd64",
                mirror: true,
                mode: "verbatim",
                policy: "immediate",
            }),
            deb({ url: "http://security.ubuntu.com/ubuntu", distributions: "noble-security" }),
            deb({ url: "http://ports.ubuntu.com/ubuntu-ports", architectures: "arm64" }),
            deb({
                url: "http://ubuntu-cloud.archive.canonical.com/ubuntu",
                distributions: "jammy-updates/caracal noble-updates/epoxy noble-updates/gazpacho",
                components: "main",
            }),
            deb({
                url: "https://download.docker.com/linux/ubuntu",
                architectures: "amd64 arm64",
                components: "stable",
            }),
            deb({ url: "https://apt.grafana.com", distributions: "stable", components: "main" }),
            deb({ distributions: "./", mode: "simple" }),
            deb({ components: "updates/main", sync_sources: true, sync_udebs: true, gpgkey: KEY }),
            deb({ mirror: false, mode: "simple_and_structured" }),
        ])();
        expect(c.map((e) => e.mode ?? "-")).toEqual([
            "verbatim",
            "-",
            "-",
            "-",
            "-",
            "-",
            "simple",
            "-",
            "simple_and_structured",
        ]);
        expect(c[7]).toMatchObject({ sync_sources: true, sync_udebs: true, gpgkey: KEY });
    });

    test("every deb problem names the entry, the field and the fix", () => {
        const msg = problems([
            deb({ short_name: "dupes", distributions: "noble noble", architectures: "amd64 amd64" }),
            deb({ short_name: "bad_names", distributions: "/noble ../x", components: "main,universe" }),
            deb({ short_name: "bad_arch", architectures: "amd64,arm64" }),
            deb({ short_name: "flat", distributions: "stable/", components: "main", sync_sources: true }),
            deb({ short_name: "bad_key", gpgkey: "ABCDEF0123456789" }),
            deb({ short_name: "bad_mode", mode: "flat" }),
            deb({ short_name: "rpm_policy", sync_policy: "mirror_content_only" }),
            deb({ short_name: "empty", components: " " }),
        ]);
        const has = (short: string, text: string) => expect(msg).toMatch(new RegExp(`'${short}': .*${text}`));
        has("dupes", "distributions lists 'noble' twice: list it once");
        has("dupes", "architectures lists 'amd64' twice");
        has(
            "bad_names",
            "distributions '/noble' is not a valid name: use names such as 'noble noble-updates'",
        );
        has("bad_names", "distributions '../x' must not contain '..' segments");
        has("bad_names", "components 'main,universe' is not a valid name: use names such as 'main universe'");
        has("bad_arch", "architectures 'amd64,arm64' is not a valid name: use names such as 'amd64 arm64'");
        has("flat", "components must be left out for a flat repository .*: remove components");
        has("flat", "sync_sources is not supported for flat repositories");
        has("bad_key", "gpgkey must be the upstream's ASCII-armored public key");
        has("bad_mode", "mode: ");
        has(
            "rpm_policy",
            "sync_policy applies to rpm entries only \\(deb: mirror: false syncs additively\\)",
        );
        has("empty", "components is empty: list at least one, or remove the field");
    });

    test("deb-only fields on other types are refused", () => {
        const msg = problems([
            {
                name: "Rocky",
                short_name: "rocky",
                type: "rpm",
                url: "https://m/rocky/",
                base_path: "rocky/",
                sync_group: "g",
                sync_sources: true,
                sync_udebs: false,
                gpgkey: KEY,
                mode: "verbatim",
            },
        ]);
        for (const k of ["sync_sources", "sync_udebs", "gpgkey", "mode"])
            expect(msg).toContain(`'rocky': ${k} applies to deb entries only`);
    });
});
