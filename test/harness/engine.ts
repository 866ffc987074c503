import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { ROOT } from "./pulp";

const PASSPHRASE = "release-train-test-passphrase";

export interface Backend {
    readonly home: string;
    readonly backend: string;
    readonly envVars: Record<string, string>;
}

/**
 * Turns the CLI's automatic debug log on or off for one PULUMI_HOME (scripts/pulumi-autolog:
 * about half of the engine's CPU in a no-op preview at scale, and nobody reads a throwaway home's log).
 */
export function setAutomaticLog(home: string, on: boolean): void {
    execFileSync(path.join(ROOT, "scripts/pulumi-autolog"), [on ? "on" : "off"], {
        env: { ...process.env, PULUMI_HOME: home },
        stdio: ["ignore", "ignore", "inherit"],
    });
}

/** A throwaway PULUMI_HOME and file:// backend, so tests never touch an operator's state. */
export function tempBackend(): Backend {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "rt-pulumi-"));
    const backend = `file://${home}/state`;
    fs.mkdirSync(`${home}/state`);
    setAutomaticLog(home, false);
    return {
        home,
        backend,
        envVars: {
            PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
            PULUMI_BACKEND_URL: backend,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            // Providers find the implementation here whatever their working directory.
            RELEASE_TRAIN_ROOT: ROOT,
        },
    };
}

/**
 * A project directory outside the checkout whose node_modules is the checkout's: the engine starts
 * the dynamic-provider shim there, and it resolves @pulumi/pulumi from its working directory.
 */
export function tempProjectDir(prefix = "rt-project-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/**
 * Makes `dir` a Pulumi project whose program is the stack's real entry point (`stacks/index`), run
 * by the language host as in production and compiled with the checkout's tsconfig. The entry point
 * exports a function (the engine awaits it), so the module itself is re-exported, not its names.
 */
export function writeEntryPointProject(dir: string, packageName: string): void {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: release-train\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: packageName, private: true }));
    fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        `import main = require(${JSON.stringify(path.join(ROOT, "stacks/index"))});\nexport = main;\n`,
    );
}

/**
 * An inline program on the real engine (no language host needed). Stacks given the same backend
 * can read each other's outputs through a StackReference (`organization/<project>/<stack>`).
 */
export async function inlineStack(
    project: string,
    stackName: string,
    program: PulumiFn,
    b: Backend = tempBackend(),
): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
        { projectName: project, stackName, program },
        {
            workDir: tempProjectDir(),
            pulumiHome: b.home,
            envVars: b.envVars,
            projectSettings: { name: project, runtime: "nodejs", backend: { url: b.backend } },
        },
    );
}

/** A program on disk with its own Pulumi.yaml, run through the Node.js language host. */
export async function localProgramStack(workDir: string, stackName: string): Promise<Stack> {
    const b = tempBackend();
    return LocalWorkspace.createOrSelectStack(
        { workDir, stackName },
        { pulumiHome: b.home, envVars: b.envVars },
    );
}

/** Counts of an update's resource changes, without the stack itself. */
export function changes(summary: { resourceChanges?: Record<string, number> }): Record<string, number> {
    return { ...(summary.resourceChanges ?? {}) };
}

/**
 * The stack's checkpoint exactly as the backend stores it on disk, to search for plain-text
 * secrets (`exportStack()` would decrypt them).
 */
export async function stateText(stack: Stack): Promise<string> {
    const backend = stack.workspace.envVars.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
    const dir = path.join(backend, ".pulumi", "stacks");
    const files = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(`${stack.name.split("/").pop()}.json`));
    if (files.length !== 1)
        throw new Error(
            `expected one checkpoint for ${stack.name} under ${dir}, found ${files.join(", ") || "none"}`,
        );
    return fs.readFileSync(path.join(dir, files[0]), "utf8");
}
