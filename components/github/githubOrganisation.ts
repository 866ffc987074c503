import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Manifest } from "../../model/githubManifest";
import { declareInSlices } from "../declareInSlices";
import { GithubTeam } from "./githubTeam";
import { ManagedRepository } from "./managedRepository";

export interface GithubOrganisationArgs {
    readonly manifest: Manifest;
}

/** The organisation's teams and every managed repository, from one validated manifest. */
export class GithubOrganisation extends pulumi.ComponentResource {
    readonly teams: Record<string, GithubTeam> = {};
    /** Every managed repository, by name: complete once `declared` has resolved. */
    readonly repositories: Record<string, ManagedRepository> = {};
    /**
     * Resolves once every repository is declared (two at a time, about fifty resources:
     * declareInSlices.ts). A program awaits it before it ends.
     */
    readonly declared: Promise<void>;

    constructor(name: string, args: GithubOrganisationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:github:Organisation", name, {}, opts);
        const m = args.manifest;
        for (const [key, team] of Object.entries(m.teams)) {
            this.teams[key] = new GithubTeam(`${name}-team-${key}`, { team }, { parent: this });
        }
        const teamResources: Record<string, github.Team> = Object.fromEntries(
            Object.entries(this.teams).map(([k, t]) => [k, t.team]),
        );
        this.declared = declareInSlices(
            m.repositories,
            (repo) => {
                this.repositories[repo.name] = new ManagedRepository(
                    `${name}-repo-${repo.name}`,
                    { manifest: m, repo, teams: teamResources },
                    { parent: this },
                );
            },
            2,
        ).then(() => this.registerOutputs({}));
    }
}
