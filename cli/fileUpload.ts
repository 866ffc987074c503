import * as crypto from "crypto";
import * as fs from "fs";
import { PulpClient } from "../components/pulp/client/http";
import { PlannedFile } from "../model/uploadPlan";

/** A local file with its sha256, computed before anything on Ark changes. */
export interface HashedFile extends PlannedFile {
    readonly sha256: string;
}

/** How a file came to be in the repository's new version (or why it needs no new version). */
export type FileResult = "unchanged" | "reused" | "uploaded";

type FileContent = { pulp_href: string; relative_path: string; sha256: string };
const CONTENT = "content/file/files/";
const FIELDS = ["pulp_href", "relative_path", "sha256"];

export async function sha256Of(file: string): Promise<string> {
    const h = crypto.createHash("sha256");
    for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
    return h.digest("hex");
}

export const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The unit at this relative path in a repository version, if any. */
export async function contentAt(client: PulpClient, version: string, relativePath: string) {
    return client.findOne<FileContent>(CONTENT, {
        repository_version: version,
        relative_path: relativePath,
        fields: FIELDS,
    });
}

/**
 * The file content unit for a local file: one Ark already has (the same bytes at the same path,
 * e.g. uploaded before or in another repository) costs nothing; otherwise the bytes go up in
 * chunks (each with its sha256, so a corrupted chunk is refused) and one task turns them into an
 * artifact and a content unit (Pulp reuses an artifact it already has). No repository version yet.
 */
export async function contentFor(
    client: PulpClient,
    f: HashedFile,
    chunkBytes: number,
    say: (what: string) => void,
): Promise<{ href: string; result: FileResult }> {
    const known = await client.findOne<FileContent>(CONTENT, {
        relative_path: f.relative_path,
        sha256: f.sha256,
        fields: FIELDS,
    });
    if (known) return { href: known.pulp_href, result: "reused" };
    const upload = await uploadBytes(client, f, chunkBytes, say);
    const { task } = await client.write(
        "POST",
        CONTENT,
        { upload, relative_path: f.relative_path },
        `uploading ${f.relative_path}`,
    );
    const href = task?.created_resources?.find((r) => r.includes(`/${CONTENT}`));
    if (!href) throw new Error(`Pulp made no file content of ${f.path} (task ${task?.pulp_href})`);
    // The file may have changed on disk since it was hashed (a build still writing it).
    const made = await client.get<FileContent>(href, { fields: FIELDS });
    if (made.sha256 !== f.sha256)
        throw new Error(
            `${f.path} changed while it was uploaded (sha256 ${f.sha256} before, Ark received ${made.sha256}): upload it again once it is complete`,
        );
    return { href, result: "uploaded" };
}

/** Pulp's chunked upload: answers the upload's href, all chunks received. */
async function uploadBytes(
    client: PulpClient,
    f: HashedFile,
    chunkBytes: number,
    say: (what: string) => void,
): Promise<string> {
    const upload = (await client.write<{ pulp_href: string }>("POST", "uploads/", { size: f.size })).data
        .pulp_href;
    const fd = await fs.promises.open(f.path, "r");
    const start = Date.now();
    let told = start;
    try {
        for (let offset = 0; offset < f.size; offset += chunkBytes) {
            const buf = Buffer.alloc(Math.min(chunkBytes, f.size - offset));
            const { bytesRead } = await fd.read(buf, 0, buf.length, offset);
            if (bytesRead !== buf.length)
                throw new Error(
                    `${f.path} became shorter while it was uploaded: upload it again once it is complete`,
                );
            const form = new FormData();
            form.append("file", new Blob([buf]), "chunk");
            form.append("sha256", crypto.createHash("sha256").update(buf).digest("hex"));
            await client.request("PUT", upload, form, undefined, {
                "Content-Range": `bytes ${offset}-${offset + buf.length - 1}/${f.size}`,
            });
            const sent = offset + buf.length;
            if (Date.now() - told > 10_000 && sent < f.size) {
                told = Date.now();
                say(`sent ${mib(sent)} of ${mib(f.size)} (${Math.round((100 * sent) / f.size)}%)`);
            }
        }
    } catch (e) {
        // An upload nobody commits only takes space: drop it now rather than at Pulp's cleanup.
        await client.delete(upload).catch(() => undefined);
        throw e;
    } finally {
        await fd.close();
    }
    say(`sent ${mib(f.size)} in ${Math.round((Date.now() - start) / 100) / 10}s`);
    return upload;
}
