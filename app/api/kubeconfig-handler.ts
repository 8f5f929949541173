// `kubeconfig.update` — "Update kubectl configuration", the one implementation behind the app's
// dialog, the tray and `gatehouse k8s update-config`: a dry run shows the diff, the real run writes
// it (SPEC §5). The writer's errors carry their own kinds (kubeconfig/errors.ts); nothing is
// translated here. A rotation with a dry run is refused by the request schema.
import type { ApiRequest, ApiResponse } from '../../shared/api';
import { kubeconfigEntries } from '../services/connections/kubeconfig-entries';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { octalMode, resolveKubeconfigTarget, updateKubeconfig } from '../domain/kubeconfig';
import { personToWorkFor } from './org-choice';

export type KubeconfigHandler = (core: GatehouseCore, request: ApiRequest<'kubeconfig.update'>) => Promise<ApiResponse<'kubeconfig.update'>>;

export const kubeconfigHandler: KubeconfigHandler = async (core, request) => {
  // The signed-in person, or the one the CLI names (--org/--user) without switching the session.
  const { org, identity } = await personToWorkFor(core, request);
  const settings = core.settings.get();
  const { dryRun } = request;
  const entries = await kubeconfigEntries(core.paths, org, identity.email, identity.resources, settings.portRange, request.rotateTokens === true);
  // A client in another process (the CLI) says where it stands; paths and KUBECONFIG are its own.
  const client = request.environment ?? {};
  const target = await resolveKubeconfigTarget({
    flag: request.path ?? settings.kubeconfigPath ?? undefined,
    env: { KUBECONFIG: client.KUBECONFIG ?? process.env.KUBECONFIG, HOME: client.HOME ?? process.env.HOME },
    cwd: client.cwd,
  });
  const result = await updateKubeconfig({ target, entries, force: request.force === true, dryRun, useContext: request.useContext });
  return {
    file: result.file,
    link: target.file === target.path ? null : target.path,
    // Shown on screen: the writer already hid the credentials (redact-diff.ts).
    diff: result.diff,
    added: result.added,
    updated: result.updated,
    removed: result.removed,
    unchanged: result.unchanged,
    backup: result.backup ?? null,
    written: result.written,
    created: result.created,
    tightened: result.tightened === undefined ? null : { from: octalMode(result.tightened.from), to: octalMode(result.tightened.to) },
  };
};
