// `kubeconfig.update` — the app's "Update kubectl configuration": a dry run shows the diff, the
// real run writes it (SPEC §5). The writer's typed errors become API error codes.
import type { ApiRequest, ApiResponse } from '../../shared/api';
import { kubeconfigEntries } from '../connections/kubeconfig-entries';
import type { GatehouseCore } from '../core/gatehouse-core';
import { KubeconfigClashError, KubeconfigFileError, KubeconfigShapeError, KubeconfigSyntaxError, octalMode, resolveKubeconfigTarget, updateKubeconfig } from '../kubeconfig';
import { ApiFailure } from './api-failure';

export type KubeconfigHandler = (core: GatehouseCore, request: ApiRequest<'kubeconfig.update'>) => Promise<ApiResponse<'kubeconfig.update'>>;

function asApiFailure(error: unknown): unknown {
  if (error instanceof KubeconfigClashError) return new ApiFailure('refused', error.message);
  if (error instanceof KubeconfigSyntaxError || error instanceof KubeconfigShapeError) return new ApiFailure('config', error.message);
  if (error instanceof KubeconfigFileError) return new ApiFailure('failed', error.message);
  return error;
}

export const kubeconfigHandler: KubeconfigHandler = async (core, request) => {
  const { org, user } = core.org();
  const identity = core.identity();
  const settings = core.settings.get();
  const dryRun = request?.dryRun !== false;
  const entries = await kubeconfigEntries(core.paths, org, user, identity.resources, settings.portRange, !dryRun && request?.rotateTokens === true);
  try {
    const target = await resolveKubeconfigTarget({ flag: request?.path ?? settings.kubeconfigPath ?? undefined, env: process.env });
    const result = await updateKubeconfig({ target, entries, force: request?.force === true, dryRun, useContext: request?.useContext });
    return {
      file: result.file,
      // Shown on screen: the writer already hid the credentials (redact-diff.ts).
      diff: result.diff,
      added: result.added,
      updated: result.updated,
      removed: result.removed,
      unchanged: result.unchanged,
      backup: result.backup ?? null,
      written: result.written,
      tightened: result.tightened === undefined ? null : { from: octalMode(result.tightened.from), to: octalMode(result.tightened.to) },
    };
  } catch (error) {
    throw asApiFailure(error);
  }
};
