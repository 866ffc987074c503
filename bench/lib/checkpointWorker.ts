/**
 * Writes the checkpoint of a stack that already holds the prod-scale Ark program, without Pulp:
 * runs the program under mocks (in its own process: mocks are global), gives every Pulp object
 * the outputs its provider stores once Pulp holds what was asked (settledOutputs), and records
 * what the engine would: parents, dependencies, the default provider, secrets.
 *
 *   checkpointWorker.ts <project dir> <client,client,...> <project> <stack> <out.json>
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { providers } from "../../components/pulp/providers/runtime";
import { declareArk } from "./arkProgram";
import { KINDS } from "./settledOutputs";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
type Obj = Record<string, unknown>;

const isSecret = (v: unknown) => !!v && typeof v === "object" && (v as Obj)[SIG] === SECRET;
/** Plain values, as the dynamic provider sees its inputs. */
function reveal(v: unknown): unknown {
    if (isSecret(v)) return reveal((v as Obj).value);
    if (Array.isArray(v)) return v.map(reveal);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
    return v;
}
/** A checkpoint's secret: the import encrypts `plaintext` with the stack's secrets provider. */
const sealed = (v: unknown) => ({ [SIG]: SECRET, plaintext: JSON.stringify(reveal(v)) });
function sealKeys(o: Obj, keys: Set<string>): Obj {
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, keys.has(k) ? sealed(v) : v]));
}

interface Registration {
    urn: string;
    type: string;
    custom: boolean;
    parent: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: Obj;
    name: string;
}

async function main(dir: string, clientList: string, project: string, stack: string, out: string) {
    const settled = new Map<string, { id: string; inputs: Obj; outputs: Obj }>();
    await pulumi.runtime.setMocks(
        {
            newResource: async (a) => {
                const kind = KINDS[a.type.split(":").pop()!];
                if (!a.custom) return { id: undefined, state: {} };
                if (!kind)
                    throw new Error(
                        `no settled outputs for ${a.type}: add its kind to KINDS in bench/lib/settledOutputs.ts`,
                    );
                const raw = reveal(a.inputs) as Obj;
                const checked = await providers[kind.kind].check!({}, raw);
                if (checked.failures?.length)
                    throw new Error(`${a.name}: ${JSON.stringify(checked.failures)}`);
                const outputs = kind.settle(checked.inputs as never);
                settled.set(`${a.type}\0${a.name}`, {
                    id: outputs.pulp_href,
                    inputs: checked.inputs,
                    outputs,
                });
                return { id: outputs.pulp_href, state: outputs };
            },
            call: (a) => {
                throw new Error(`unexpected invoke ${a.token}`);
            },
        },
        project,
        stack,
        false,
    );

    // What the SDK sends the engine (parent, dependencies, secrets) is in the request, not the mock's arguments.
    const registrations: Registration[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource: (req: never, cb: (err: unknown, resp: { getUrn(): string }) => void) => void;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: never, cb) => {
        const r = req as unknown as {
            getType(): string;
            getName(): string;
            getCustom(): boolean;
            getParent(): string;
            getDependenciesList(): string[];
            getPropertydependenciesMap(): {
                forEach(f: (v: { getUrnsList(): string[] }, k: string) => void): void;
            };
            getObject(): { toJavaScript(): Obj } | undefined;
        };
        register(req, (err, resp) => {
            if (!err) {
                const propertyDependencies: Record<string, string[]> = {};
                r.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
                registrations.push({
                    urn: resp.getUrn(),
                    type: r.getType(),
                    name: r.getName(),
                    custom: r.getCustom(),
                    parent: r.getParent(),
                    dependencies: r.getDependenciesList(),
                    propertyDependencies,
                    inputs: r.getObject()?.toJavaScript() ?? {},
                });
            }
            cb(err, resp);
        });
    };

    const resources: pulumi.Resource[] = [];
    await declareArk(dir, clientList.split(","), (a) => {
        resources.push(a.resource);
        return undefined;
    });
    await new Promise<void>((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(() => resolve()));

    const prefix = `urn:pulumi:${stack}::${project}::`;
    // The mock monitor qualifies a type with its parent's type only; the engine with every
    // ancestor's. Registration order puts parents first, so each parent is renamed already.
    const real = new Map<string, string>();
    for (const r of registrations) {
        const chain = r.parent ? real.get(r.parent)!.slice(prefix.length).split("::")[0] + "$" : "";
        real.set(r.urn, `${prefix}${chain}${r.type}::${r.name}`);
    }
    const urn = (u: string) => real.get(u) ?? u;
    for (const r of registrations) {
        r.urn = urn(r.urn);
        r.parent = r.parent && urn(r.parent);
        r.dependencies = r.dependencies.map(urn);
        for (const k of Object.keys(r.propertyDependencies))
            r.propertyDependencies[k] = r.propertyDependencies[k].map(urn);
    }
    const stackUrn = `${prefix}pulumi:pulumi:Stack::${project}-${stack}`;
    const providerUrn = `${prefix}pulumi:providers:pulumi-nodejs::default`;
    const providerId = "00000000-0000-4000-8000-000000000000";
    const deployment = {
        manifest: { time: new Date().toISOString(), magic: "", version: "" },
        resources: [
            { urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack" },
            { urn: providerUrn, custom: true, id: providerId, type: "pulumi:providers:pulumi-nodejs" },
            // Registration order is already dependency order: the SDK waits for a resource's
            // parent and dependencies before it registers the resource.
            ...registrations.map((r) => {
                const base = {
                    urn: r.urn,
                    custom: r.custom,
                    type: r.type,
                    parent: r.parent || stackUrn,
                    dependencies: r.dependencies,
                    propertyDependencies: r.propertyDependencies,
                };
                if (!r.custom) return { ...base, inputs: r.inputs };
                const s = settled.get(`${r.type}\0${r.name}`)!;
                // The engine keeps an input's secrecy on the output of the same name.
                const secretInputs = new Set(Object.keys(r.inputs).filter((k) => isSecret(r.inputs[k])));
                return {
                    ...base,
                    id: s.id,
                    inputs: sealKeys(s.inputs, secretInputs),
                    outputs: sealKeys(s.outputs, new Set([...secretInputs, "secret_digests"])),
                    provider: `${providerUrn}::${providerId}`,
                    additionalSecretOutputs: ["secret_digests"],
                };
            }),
        ],
    };
    fs.writeFileSync(out, JSON.stringify(deployment));
    process.stdout.write(JSON.stringify({ resources: deployment.resources.length }) + "\n");
}

const [dir, clients, project, stack, out] = process.argv.slice(2);
main(dir, clients, project, stack, out).catch((e) => {
    console.error(e);
    process.exit(1);
});
