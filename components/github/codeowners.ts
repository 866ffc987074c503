import { Manifest } from "../../model/githubManifest";

export const CODEOWNERS_PATH = ".github/CODEOWNERS";

/** One owning team for the whole repository, as the real-world templates have it. */
export function renderCodeowners(m: Manifest, teamKey: string): string {
    return `# Managed by release-train: change the GitHub manifest instead.\n* @${m.organisation}/${m.teams[teamKey].slug}\n`;
}
