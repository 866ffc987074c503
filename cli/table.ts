/** Rows as aligned columns under a header and a rule, for a command's result on stdout. */
export function textTable(head: string[], rows: string[][]): string {
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((c, i) => c.padEnd(w[i]))
            .join("  ")
            .trimEnd();
    return [line(head), line(w.map((n) => "-".repeat(n))), ...rows.map(line)].join("\n");
}
