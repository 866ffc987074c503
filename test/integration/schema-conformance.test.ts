import axios from "axios";
import { IDENTITY } from "../../cli/content";
import { containerNamespaceSpec } from "../../components/pulp/providers/containerNamespace";
import { contentGuardSpec } from "../../components/pulp/providers/contentGuard";
import { KindSpec, Inputs } from "../../components/pulp/providers/crud";
import { distributionSpec } from "../../components/pulp/providers/distribution";
import { groupSpec } from "../../components/pulp/providers/group";
import { publicationSpec } from "../../components/pulp/providers/publication";
import { remoteSpec } from "../../components/pulp/providers/remote";
import { repositorySpec } from "../../components/pulp/providers/repository";
import { userSpec } from "../../components/pulp/providers/user";
import { testPulp } from "../harness/pulp";

// Every field the providers send, and every content field the digests read, must exist in the
// installed Pulp's own OpenAPI schema: a renamed field would otherwise fail only in production.
type Schema = { properties: Record<string, { readOnly?: boolean }> };
let schemas: Record<string, Schema>;

beforeAll(async () => {
    const p = testPulp("ark");
    const r = await axios.get(`${p.apiUrl}/pulp/api/v3/docs/api.json`, {
        auth: { username: p.username, password: p.password },
    });
    schemas = r.data.components.schemas;
}, 120_000); // Pulp builds the whole OpenAPI document on request: seconds on a loaded machine

const CASES: [string, KindSpec, Record<string, unknown>, string][] = [
    ...["rpm.RpmRepository", "deb.AptRepository", "file.FileRepository", "container.ContainerRepository"].map(
        (s, i) =>
            [s, repositorySpec, { plugin: ["rpm", "deb", "file", "container"][i] }, "request"] as [
                string,
                KindSpec,
                Record<string, unknown>,
                string,
            ],
    ),
    ...["rpm.RpmRemote", "deb.AptRemote", "file.FileRemote", "container.ContainerRemote"].map(
        (s, i) =>
            [s, remoteSpec, { plugin: ["rpm", "deb", "file", "container"][i] }, "request"] as [
                string,
                KindSpec,
                Record<string, unknown>,
                string,
            ],
    ),
    ...[
        "rpm.RpmDistribution",
        "deb.AptDistribution",
        "file.FileDistribution",
        "container.ContainerDistribution",
    ].map(
        (s, i) =>
            [s, distributionSpec, { plugin: ["rpm", "deb", "file", "container"][i] }, "request"] as [
                string,
                KindSpec,
                Record<string, unknown>,
                string,
            ],
    ),
    ...["rpm.RpmPublication", "deb.AptPublication", "file.FilePublication"].map(
        (s, i) =>
            [s, publicationSpec, { plugin: ["rpm", "deb", "file"][i] }, "request"] as [
                string,
                KindSpec,
                Record<string, unknown>,
                string,
            ],
    ),
    ["deb.VerbatimPublication", publicationSpec, { plugin: "deb", verbatim: true }, "request"],
    ["RBACContentGuard", contentGuardSpec, { guard_type: "rbac" }, "request"],
    ["certguard.X509CertGuard", contentGuardSpec, { guard_type: "x509" }, "request"],
    ["CompositeContentGuard", contentGuardSpec, { guard_type: "composite" }, "request"],
    ["User", userSpec, {}, "request"],
    ["Group", groupSpec, {}, "request"],
    ["container.ContainerNamespace", containerNamespaceSpec, {}, "request"],
];

test.each(CASES)("every field the provider writes for %s exists and is writable", (schema, spec, inputs) => {
    const props = schemas[schema]?.properties;
    expect(props).toBeDefined();
    const fields = Object.keys(spec.fields(inputs as unknown as Inputs));
    expect(fields.filter((f) => !(f in props))).toEqual([]);
    expect(fields.filter((f) => props[f].readOnly)).toEqual([]);
});

test.each(
    Object.entries({
        "rpm.package": "rpm.PackageResponse",
        "file.file": "file.FileContentResponse",
        "deb.package": "deb.PackageResponse",
        "deb.installer_package": "deb.InstallerPackageResponse",
        "deb.source_package": "deb.SourcePackageResponse",
        "deb.generic": "deb.GenericContentResponse",
        "deb.release": "deb.ReleaseResponse",
        "deb.release_file": "deb.ReleaseFileResponse",
        "deb.release_architecture": "deb.ReleaseArchitectureResponse",
        "deb.release_component": "deb.ReleaseComponentResponse",
        "deb.package_index": "deb.PackageIndexResponse",
        "deb.installer_file_index": "deb.InstallerFileIndexResponse",
        "deb.source_index": "deb.SourceIndexResponse",
        "deb.package_release_component": "deb.PackageReleaseComponentResponse",
        "deb.source_package_release_component": "deb.SourcePackageReleaseComponentResponse",
    }),
)("the digest's identity fields of %s exist in %s", (type, schema) => {
    const props = schemas[schema].properties;
    expect(IDENTITY[type].filter((f) => !(f in props))).toEqual([]);
});
