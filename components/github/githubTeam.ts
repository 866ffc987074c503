import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Team } from "../../model/githubManifest";

export interface GithubTeamArgs {
    readonly team: Team;
}

/** A team and exactly its memberships (maintainer or member). */
export class GithubTeam extends pulumi.ComponentResource {
    readonly team: github.Team;

    constructor(name: string, args: GithubTeamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("releasetrain:github:Team", name, {}, opts);
        const t = args.team;
        this.team = new github.Team(
            `${name}-team`,
            {
                name: t.name,
                description: t.description,
                privacy: t.privacy,
                // The maintainers below are the team's maintainers; the token's owner is not one.
                createDefaultMaintainer: false,
            },
            { parent: this },
        );
        const roles: [string, string[]][] = [
            ["maintainer", t.maintainers],
            ["member", t.members],
        ];
        for (const [role, logins] of roles) {
            for (const login of logins) {
                new github.TeamMembership(
                    `${name}-member-${login}`,
                    { teamId: this.team.id, username: login, role },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({});
    }
}
