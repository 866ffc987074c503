import { caProblems, keyPairProblems } from "../../../model/certificates";
import { TestCa } from "../../harness/pki";

const ca = new TestCa("unit CA");
const good = ca.issue("site-a", { usage: "client" });

test("a client certificate the CA issued passes", () => {
    expect(caProblems("ca", ca.certificate)).toEqual([]);
    expect(keyPairProblems("clients.site-a", good, ca.certificate, "client")).toEqual([]);
});

test("each problem names the secret to fix, and never shows the key", () => {
    const other = new TestCa("other CA").issue("site-a", { usage: "client" });
    const server = ca.issue("ark", { usage: "server", sans: ["127.0.0.1"] });
    const expired = ca.issueExpired("site-a");
    const problems = [
        ...keyPairProblems(
            "c.mismatch",
            { certificate: good.certificate, privateKey: other.privateKey },
            ca.certificate,
            "client",
        ),
        ...keyPairProblems("c.other", other, ca.certificate, "client"),
        ...keyPairProblems("c.server", server, ca.certificate, "client"),
        ...keyPairProblems("c.expired", expired, ca.certificate, "client"),
        ...keyPairProblems(
            "c.nokey",
            { certificate: good.certificate, privateKey: "secret text" },
            ca.certificate,
            "client",
        ),
        ...keyPairProblems("c.missing", undefined, ca.certificate, "client"),
        ...caProblems("ca.leaf", good.certificate),
        ...caProblems("ca.junk", "hello"),
    ];
    expect(problems).toEqual([
        "c.mismatch.privateKey: does not belong to c.mismatch.certificate",
        expect.stringMatching(
            /^c\.other\.certificate: is not signed by the Ark CA \(O=release-train, CN=unit CA\)$/,
        ),
        "c.server.certificate: is not allowed for TLS client authentication (extendedKeyUsage lacks clientAuth)",
        expect.stringMatching(/^c\.expired\.certificate: expired on .+: issue a new one$/),
        "c.nokey.privateKey: must be an unencrypted PEM private key",
        "c.missing: missing: set {certificate, privateKey} (PEM)",
        "ca.leaf: is not a CA certificate (basicConstraints CA:TRUE)",
        "ca.junk: must be a PEM certificate",
    ]);
    expect(problems.join("\n")).not.toContain("PRIVATE KEY");
    expect(problems.join("\n")).not.toContain("secret text");
});
