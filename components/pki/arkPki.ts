import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

/** A certificate and its private key (the key always a secret). */
export interface KeyPair {
    readonly certificate: pulumi.Output<string>;
    readonly privateKey: pulumi.Output<string>;
}

export interface KeyPairInput {
    readonly certificate: pulumi.Input<string>;
    readonly privateKey: pulumi.Input<string>;
}

export interface GeneratedPkiOptions {
    /** ECDSA (P-256, the default) or RSA (3072 bits). */
    readonly keyAlgorithm?: "ECDSA" | "RSA";
    readonly organization?: string;
    readonly caValidityDays?: number;
    readonly validityDays?: number;
    /** Certificates are re-issued on the first `up` this many days before they expire. */
    readonly earlyRenewalDays?: number;
}

export type ArkPkiArgs =
    | {
          readonly mode: "generated";
          readonly options?: GeneratedPkiOptions;
          /** Names and addresses clients reach Ark's front by: DNS names and IP addresses. */
          readonly serverNames: string[];
          /** One certificate per client; raising `generation` issues a new key and certificate. */
          readonly clients: { readonly name: string; readonly generation?: number }[];
      }
    | {
          /** An organisation's existing CA: the material comes from secret config. */
          readonly mode: "external";
          readonly caCertificate: pulumi.Input<string>;
          readonly server: KeyPairInput;
          readonly clients: Record<string, KeyPairInput>;
      };

const HOURS_PER_DAY = 24;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]*)$/i;

/**
 * Ark's PKI: the CA clients and Ark's front trust, Ark's server certificate, and one client
 * certificate per client. Generated with the tls provider, or taken from an existing CA.
 */
export class ArkPki extends pulumi.ComponentResource {
    readonly caCertificate: pulumi.Output<string>;
    readonly server: KeyPair;
    readonly clients: Record<string, KeyPair> = {};

    constructor(name: string, args: ArkPkiArgs, opts?: pulumi.ComponentResourceOptions) {
        // The arguments carry private keys in external mode: never hand them to the engine as inputs.
        super("releasetrain:pki:ArkPki", name, {}, opts);
        const pair = (certificate: pulumi.Input<string>, privateKey: pulumi.Input<string>): KeyPair => ({
            certificate: pulumi.output(certificate),
            privateKey: pulumi.secret(privateKey),
        });
        if (args.mode === "external") {
            this.caCertificate = pulumi.output(args.caCertificate);
            this.server = pair(args.server.certificate, args.server.privateKey);
            for (const [client, p] of Object.entries(args.clients))
                this.clients[client] = pair(p.certificate, p.privateKey);
        } else {
            const o = args.options ?? {};
            const org = o.organization ?? "release-train";
            const validity = (o.validityDays ?? 365) * HOURS_PER_DAY;
            const early = (o.earlyRenewalDays ?? 30) * HOURS_PER_DAY;
            const key = (n: string) =>
                new tls.PrivateKey(
                    n,
                    o.keyAlgorithm === "RSA"
                        ? { algorithm: "RSA", rsaBits: 3072 }
                        : { algorithm: "ECDSA", ecdsaCurve: "P256" },
                    { parent: this },
                );
            const caKey = key(`${name}-ca-key`);
            const ca = new tls.SelfSignedCert(
                `${name}-ca`,
                {
                    privateKeyPem: caKey.privateKeyPem,
                    subject: { commonName: `${org} Ark CA`, organization: org },
                    isCaCertificate: true,
                    validityPeriodHours: (o.caValidityDays ?? 3650) * HOURS_PER_DAY,
                    earlyRenewalHours: early,
                    allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
                },
                { parent: this },
            );
            this.caCertificate = ca.certPem;
            const issue = (n: string, cn: string, uses: string[], names: string[] = []) => {
                const k = key(`${n}-key`);
                const csr = new tls.CertRequest(
                    `${n}-csr`,
                    {
                        privateKeyPem: k.privateKeyPem,
                        subject: { commonName: cn, organization: org },
                        dnsNames: names.filter((x) => !IP.test(x)),
                        ipAddresses: names.filter((x) => IP.test(x)),
                    },
                    { parent: this },
                );
                const cert = new tls.LocallySignedCert(
                    n,
                    {
                        certRequestPem: csr.certRequestPem,
                        caPrivateKeyPem: caKey.privateKeyPem,
                        caCertPem: ca.certPem,
                        validityPeriodHours: validity,
                        earlyRenewalHours: early,
                        allowedUses: uses,
                    },
                    { parent: this },
                );
                return pair(cert.certPem, k.privateKeyPem);
            };
            this.server = issue(
                `${name}-server`,
                args.serverNames[0],
                ["digital_signature", "key_encipherment", "server_auth"],
                args.serverNames,
            );
            for (const c of args.clients) {
                // A new generation is a new name: the preview shows the old key and certificate replaced.
                const suffix = (c.generation ?? 1) > 1 ? `-g${c.generation}` : "";
                this.clients[c.name] = issue(`${name}-client-${c.name}${suffix}`, c.name, [
                    "digital_signature",
                    "client_auth",
                ]);
            }
        }
        this.registerOutputs({});
    }
}
