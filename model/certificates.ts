import * as crypto from "crypto";

const EKU = { server: "1.3.6.1.5.5.7.3.1", client: "1.3.6.1.5.5.7.3.2" } as const;

function parseCert(pem: string): crypto.X509Certificate | undefined {
    try {
        return new crypto.X509Certificate(pem);
    } catch {
        return undefined;
    }
}

/** Problems with a PEM CA certificate, named after `what` (e.g. "pkiExternal.caCertificate"). */
export function caProblems(what: string, pem: unknown, now = new Date()): string[] {
    if (typeof pem !== "string" || !pem.includes("BEGIN CERTIFICATE"))
        return [`${what}: must be a PEM certificate`];
    const ca = parseCert(pem);
    if (!ca) return [`${what}: is not a readable PEM certificate`];
    const p: string[] = [];
    if (!ca.ca) p.push(`${what}: is not a CA certificate (basicConstraints CA:TRUE)`);
    if (new Date(ca.validTo) < now) p.push(`${what}: expired on ${ca.validTo}: renew the CA`);
    return p;
}

/**
 * Problems with a certificate and key the CA is meant to have issued for `usage`: readable, the
 * key belongs to the certificate, signed by the CA, valid now, and allowed for that use. Each names
 * `what` so an operator knows which secret to fix. Private key text never appears in a message.
 */
export function keyPairProblems(
    what: string,
    pair: { certificate?: unknown; privateKey?: unknown } | undefined,
    caPem: string | undefined,
    usage: "server" | "client",
    now = new Date(),
): string[] {
    if (!pair || typeof pair !== "object") return [`${what}: missing: set {certificate, privateKey} (PEM)`];
    const cert = typeof pair.certificate === "string" ? parseCert(pair.certificate) : undefined;
    if (!cert) return [`${what}.certificate: must be a PEM certificate`];
    let key: crypto.KeyObject;
    try {
        key = crypto.createPrivateKey(String(pair.privateKey ?? ""));
    } catch {
        return [`${what}.privateKey: must be an unencrypted PEM private key`];
    }
    const p: string[] = [];
    if (!cert.checkPrivateKey(key)) p.push(`${what}.privateKey: does not belong to ${what}.certificate`);
    const ca = caPem ? parseCert(caPem) : undefined;
    if (ca && !(cert.checkIssued(ca) && cert.verify(ca.publicKey)))
        p.push(`${what}.certificate: is not signed by the Ark CA (${ca.subject.replace(/\n/g, ", ")})`);
    if (new Date(cert.validTo) < now)
        p.push(`${what}.certificate: expired on ${cert.validTo}: issue a new one`);
    else if (new Date(cert.validFrom) > now)
        p.push(`${what}.certificate: not valid before ${cert.validFrom}`);
    const eku = cert.keyUsage;
    if (eku && eku.length && !eku.includes(EKU[usage]))
        p.push(
            `${what}.certificate: is not allowed for TLS ${usage} authentication (extendedKeyUsage lacks ${usage}Auth)`,
        );
    return p;
}
