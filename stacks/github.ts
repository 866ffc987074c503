import * as path from "path";
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { GithubOrganisation } from "../components/github/githubOrganisation";
import { loadManifest } from "../model/githubManifest";
import { planProblems } from "../model/githubPlan";
import { ValidationError } from "../model/problems";

export interface GithubInputs {
    /** The manifest's path, relative to root. */
    readonly manifest: string;
    readonly root: string;
    /** A token with admin rights on the organisation; without one the provider reads GITHUB_TOKEN. */
    readonly token?: pulumi.Input<string>;
}

/**
 * The GitHub organisation program: the manifest is validated in full before anything is declared;
 * resolves once all of it is declared.
 */
export async function githubProgram(
    name: string,
    i: GithubInputs,
    opts?: pulumi.ComponentResourceOptions,
): Promise<GithubOrganisation> {
    const manifest = loadManifest(path.resolve(i.root, i.manifest));
    const problems = planProblems(manifest, i.manifest);
    if (problems.length)
        throw new ValidationError(`${i.manifest}: the GitHub manifest does not add up`, problems);
    const provider = new github.Provider(`${name}-provider`, {
        owner: manifest.organisation,
        token: i.token,
    });
    const org = new GithubOrganisation(name, { manifest }, { ...opts, providers: { github: provider } });
    await org.declared;
    return org;
}
