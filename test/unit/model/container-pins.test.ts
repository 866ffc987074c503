import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ContainerCatalogue } from "../../../model/containerCatalogue";
import { clientImageTags, containerPinProblems, promotedImageTags } from "../../../model/containerPins";
import { ClientPins, loadPins } from "../../../model/pins";
import { isValidationError } from "../../../model/problems";

const catalogue: ContainerCatalogue = {
    namespace: "kolla",
    devNamespace: "kolla-dev",
    distributions: ["rocky", "ubuntu"],
    images: [
        "rocky-keystone",
        "rocky-nova-api",
        "rocky-nova-compute",
        "rocky-bifrost-deploy",
        "ubuntu-keystone",
        "ubuntu-nova-api",
        "ubuntu-nova-compute",
    ],
};
const pins = (containers: Record<string, string>, client = "a"): ClientPins => ({
    client,
    file: `pins/prod/${client}.yaml`,
    repositories: {},
    production: {},
    containers,
});

test("the most specific key wins: image over prefix over default, the distribution breaks ties", () => {
    const tags = clientImageTags(
        pins({
            default: "d",
            nova: "n",
            "nova-compute": "nc",
            "ubuntu-nova": "un",
            rocky: "r",
            "rocky-nova-compute": "rnc",
        }),
        catalogue,
    );
    expect(tags).toEqual({
        "rocky-keystone": "r", // the distribution key beats the default
        "rocky-nova-api": "n", // an image prefix names more of the image than `rocky`
        "rocky-nova-compute": "rnc", // same image, with the distribution: wins the tie with nova-compute
        "rocky-bifrost-deploy": "r",
        "ubuntu-keystone": "d",
        "ubuntu-nova-api": "un", // ubuntu-nova ties with nova on the image, names the distribution
        "ubuntu-nova-compute": "nc", // nova-compute names more of the image than ubuntu-nova
    });
});

test("a prefix matches at a '-' boundary only, and uncovered images are not pinned", () => {
    const c: ContainerCatalogue = { ...catalogue, images: ["rocky-nova-api", "rocky-novaclient"] };
    expect(clientImageTags(pins({ nova: "1" }), c)).toEqual({ "rocky-nova-api": "1" });
    expect(clientImageTags(pins({}), c)).toEqual({});
});

test("promoted tags are every tag some client pins, per image, sorted", () => {
    const all = [pins({ default: "2", keystone: "3" }, "a"), pins({ default: "1" }, "b"), pins({}, "c")];
    const promoted = promotedImageTags(all, catalogue);
    expect(promoted["rocky-keystone"]).toEqual(["1", "3"]);
    expect(promoted["rocky-nova-api"]).toEqual(["1", "2"]);
    expect(Object.keys(promoted)).toEqual([...catalogue.images].sort());
});

test("a key that covers no catalogue image is a problem naming file, field and fix", () => {
    const problems = containerPinProblems(
        [pins({ default: "1", "nova-conductor": "2", "ubuntu-bifrost-deploy": "3", nova: "4" })],
        catalogue,
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
        /^pins\/prod\/a\.yaml: containers\.nova-conductor: no image of the container catalogue .*fix the name.*similar: rocky-nova-api/,
    );
    expect(problems[1]).toMatch(/containers\.ubuntu-bifrost-deploy: no image/);
});

test("pins files accept containers: and reject bad tags and keys, naming file and field", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rt-cpins-"));
    fs.writeFileSync(
        path.join(dir, "good.yaml"),
        "repositories: {}\ncontainers:\n  default: 2024.1-20261120\n  nova-compute: '2024.1'\n",
    );
    expect(loadPins(dir)[0].containers).toEqual({ default: "2024.1-20261120", "nova-compute": "2024.1" });

    fs.writeFileSync(
        path.join(dir, "bad.yaml"),
        "containers:\n  nova_compute: x\n  keystone: -latest\n  glance: 2024.1\n  Nova: y\n",
    );
    let err: unknown;
    try {
        loadPins(dir);
    } catch (e) {
        err = e;
    }
    expect(isValidationError(err)).toBe(true);
    const problems = (err as { problems: string[] }).problems.join("\n");
    const file = path.join(dir, "bad.yaml");
    expect(problems).toContain(
        `${file}: containers.nova_compute: 'nova_compute' is not an image name: write it with '-'`,
    );
    expect(problems).toContain(`${file}: containers.keystone: '-latest' is not a valid OCI tag`);
    expect(problems).toContain(`${file}: containers.glance: must be a tag (a string; quote tags`);
    expect(problems).toMatch(/containers\.Nova: 'Nova' is not an image name: use lower-case/);
});
