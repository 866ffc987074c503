import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface RpmSpec {
    readonly name: string;
    readonly version: string;
    readonly release?: string;
}

/** Builds one tiny noarch package with rpmbuild; returns the .rpm path. */
function buildRpm(p: RpmSpec, outDir: string): string {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), "rt-rpmbuild-"));
    for (const d of ["SPECS", "BUILD", "RPMS", "SOURCES", "SRPMS", "BUILDROOT"])
        fs.mkdirSync(path.join(top, d));
    const release = p.release ?? "1";
    const spec = path.join(top, "SPECS", `${p.name}.spec`);
    fs.writeFileSync(
        spec,
        [
            `Name: ${p.name}`,
            `Version: ${p.version}`,
            `Release: ${release}`,
            "Summary: release-train test package",
            "License: MIT",
            "BuildArch: noarch",
            "%description",
            "A tiny package for release-train tests.",
            "%install",
            `mkdir -p %{buildroot}/usr/share/${p.name}`,
            `echo ${p.name}-${p.version}-${release} > %{buildroot}/usr/share/${p.name}/VERSION`,
            "%files",
            `/usr/share/${p.name}/VERSION`,
            "",
        ].join("\n"),
    );
    execFileSync(
        "rpmbuild",
        ["-bb", "--quiet", "--define", `_topdir ${top}`, "--define", "_binary_payload w9.gzdio", spec],
        {
            stdio: ["ignore", "ignore", "pipe"],
        },
    );
    const rpm = `${p.name}-${p.version}-${release}.noarch.rpm`;
    fs.copyFileSync(path.join(top, "RPMS", "noarch", rpm), path.join(outDir, rpm));
    fs.rmSync(top, { recursive: true, force: true });
    return path.join(outDir, rpm);
}

/** (Re)writes the repository metadata of a directory of .rpm files, as an upstream mirror would. */
function index(dir: string): void {
    execFileSync("createrepo_c", ["--quiet", "--no-database", dir], { stdio: ["ignore", "ignore", "pipe"] });
}

/** An RPM repository upstream: the packages and their repodata. */
export function buildRpmRepo(dir: string, packages: RpmSpec[]): void {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const p of packages) buildRpm(p, dir);
    index(dir);
}

export function addPackages(dir: string, packages: RpmSpec[]): void {
    for (const p of packages) buildRpm(p, dir);
    index(dir);
}

export function removePackage(dir: string, fileName: string): void {
    fs.rmSync(path.join(dir, fileName));
    index(dir);
}
