import type { WaitReport } from "../client/taskWatcher";

/** One line for a long wait: how long, on what, and whether Pulp has a worker to run it. */
export function describeWait(r: WaitReport): string {
    const oldest = Math.max(...r.tasks.map((t) => t.waitedMs));
    const first = r.tasks.reduce((a, b) => (b.waitedMs > a.waitedMs ? b : a));
    const more = r.tasks.length > 1 ? ` and ${r.tasks.length - 1} more` : "";
    const workers =
        r.workersOnline === undefined
            ? ""
            : r.workersOnline === 0
              ? "; NO Pulp worker online"
              : `; ${r.workersOnline} worker(s) online`;
    return (
        `waiting ${Math.round(oldest / 1000)}s for Pulp at ${r.server}: ${first.what} ` +
        `(${first.state}${first.progress ? `: ${first.progress}` : ""})${more}${workers}`
    );
}

/**
 * Shows long task waits in `pulumi up`'s progress display. The Node.js dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) hands providers only the properties, never the URN, so a
 * provider cannot write into its own resource's status column; it can log to the engine, whose
 * address is the host's first argument. An ephemeral message without a URN lands in the stack's
 * row and is replaced by the next, which is what a progress line needs. Outside a provider host
 * (tests, the CLI) this does nothing.
 */
export function engineWaitReporter(): ((r: WaitReport) => void) | undefined {
    const addr = process.argv[2];
    if (!/dynamic-provider/.test(process.argv[1] ?? "") || !/^[\w.[\]:-]+:\d+$/.test(addr ?? ""))
        return undefined;
    // Loaded only inside the provider host, from the project's @pulumi/pulumi.
    const grpc = require("@grpc/grpc-js");
    const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const pb = require("@pulumi/pulumi/proto/engine_pb");
    const engine = new rpc.EngineClient(addr, grpc.credentials.createInsecure());
    return (r) => {
        const req = new pb.LogRequest();
        req.setSeverity(pb.LogSeverity.INFO);
        req.setMessage(describeWait(r));
        req.setUrn("");
        req.setEphemeral(true);
        // The engine may be shutting down: a status line is never worth an error.
        engine.log(req, () => undefined);
    };
}
