/**
 * What the provider stubs load in the provider process: one implementation per kind.
 * Kept apart from the Resource classes so loading it pulls in no Pulumi program code.
 */
import type * as pulumi from "@pulumi/pulumi";
import { containerNamespaceSpec } from "./containerNamespace";
import { contentGuardSpec } from "./contentGuard";
import { onNewClient } from "./clients";
import { containerTagPromotionProvider } from "./containerTagPromotion";
import { crudProvider } from "./crud";
import { distributionSpec } from "./distribution";
import { groupSpec } from "./group";
import { publicationSpec } from "./publication";
import { remoteSpec } from "./remote";
import { repositorySpec } from "./repository";
import { repositorySyncProvider } from "./repositorySync";
import { roleAssignmentProvider } from "./roleAssignment";
import { serverReadyProvider } from "./serverReady";
import { leavesSnapshotPublications, snapshotProvider } from "./snapshot";
import { userSpec } from "./user";
import { engineWaitReporter } from "./waitStatus";

const report = engineWaitReporter();
if (report) onNewClient((c) => c.onWait(report));

export const providers: Record<string, pulumi.dynamic.ResourceProvider> = {
    repository: crudProvider(repositorySpec),
    remote: crudProvider(remoteSpec),
    distribution: crudProvider(distributionSpec),
    publication: leavesSnapshotPublications(crudProvider(publicationSpec)),
    snapshot: snapshotProvider,
    contentGuard: crudProvider(contentGuardSpec),
    containerNamespace: crudProvider(containerNamespaceSpec),
    user: crudProvider(userSpec),
    group: crudProvider(groupSpec),
    roleAssignment: roleAssignmentProvider,
    repositorySync: repositorySyncProvider,
    serverReady: serverReadyProvider,
    containerTagPromotion: containerTagPromotionProvider,
};
