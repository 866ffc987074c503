import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { renderArkFront } from "../front/arkFront";

/** Where the nginx image reads its configuration and the front's TLS material. */
export const FRONT_PATHS = {
    config: "/etc/nginx/nginx.conf",
    certificate: "/etc/nginx/tls/server.pem",
    key: "/etc/nginx/tls/server.key",
    clientCa: "/etc/nginx/tls/ca.pem",
} as const;

export interface FrontSpec {
    /** host:port nginx listens on inside its network namespace. */
    readonly listen: string;
    readonly serverName?: string;
    /** Pulp's own web server (it routes the API and the content app), e.g. "http://127.0.0.1:80". */
    readonly upstream: string;
    /** Ark's server certificate (chain), its key (a secret) and the CA client certificates chain to. */
    readonly certificate: pulumi.Input<string>;
    readonly privateKey: pulumi.Input<string>;
    readonly caCertificate: pulumi.Input<string>;
}

/** The front's nginx configuration: the renderer the harness runs, with the container's paths. */
export function frontConfig(f: Pick<FrontSpec, "listen" | "serverName" | "upstream">): string {
    return renderArkFront({
        listen: f.listen,
        serverName: f.serverName,
        tls: {
            certificateFile: FRONT_PATHS.certificate,
            keyFile: FRONT_PATHS.key,
            clientCaFile: FRONT_PATHS.clientCa,
        },
        upstream: { api: f.upstream, content: f.upstream },
    });
}

/** Files the front container gets; the private key only as a secret, readable by root alone. */
export function frontUploads(f: FrontSpec): docker.types.input.ContainerUpload[] {
    return [
        { file: FRONT_PATHS.config, content: frontConfig(f), permissions: "0644" },
        { file: FRONT_PATHS.certificate, content: f.certificate, permissions: "0644" },
        { file: FRONT_PATHS.clientCa, content: f.caCertificate, permissions: "0644" },
        { file: FRONT_PATHS.key, content: pulumi.secret(f.privateKey), permissions: "0600" },
    ];
}
