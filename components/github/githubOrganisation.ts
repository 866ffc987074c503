import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Manifest } from "../../model/githubManifest";
import { GithubTeam } from "./githubTeam";
import { ManagedRepository } from "./managedRepository";

export interface GithubOrganisationArgs {
    readonly manifest: Manifest;
}

/** The organisation's teams and every managed repository, from one validated manifest. */
export class GithubOrganisation extends pulumi.ComponentResource {
    readonly teams: Record<string, GithubTeam> = {};
    readonly repositories: Record<string, ManagedRepository> = {};

    constructor(name: string, args: GithubOrganisationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:github:Organisation", name, {}, opts);
        const m = args.manifest;
        for (const [key, team] of Object.entries(m.teams)) {
            this.teams[key] = new GithubTeam(`${name}-team-${key}`, { team }, { parent: this });
        }
        const teamResources: Record<string, github.Team> = Object.fromEntries(
            Object.entries(this.teams).map(([k, t]) => [k, t.team]),
        );
        for (const repo of m.repositories) {
            this.repositories[repo.name] = new ManagedRepository(
                `${name}-repo-${repo.name}`,
                { manifest: m, repo, teams: teamResources },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
