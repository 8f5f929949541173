// `kubeconfig.update` — "Update kubectl configuration", the one implementation behind the app's
// dialog, the tray and `gatehouse k8s update-config`: a dry run shows the diff, the real run writes
// it (SPEC §5). The writer's errors carry their own kinds (kubeconfig/errors.ts); nothing is
// translated here. A rotation with a dry run is refused by the request schema.
import type { ApiRequest, ApiResponse } from '../../shared/api';
import { kubeconfigEntries } from '../services/connections/kubeconfig-entries';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { octalMode, resolveKubeconfigTarget, updateKubeconfig } from '../domain/kubeconfig';
import { personToWorkFor } from './org-choice';
import { GatehouseError } from '../../shared/errors';
import type { DesiredEntry } from '../domain/kubeconfig';
import { credentialCommand } from '../platform/credential-command';
import { resourceUrl } from '../services/gateway-mode/gateway-assignments';

export type KubeconfigHandler = (
  core: GatehouseCore,
  request: ApiRequest<'kubeconfig.update'>,
) => Promise<ApiResponse<'kubeconfig.update'>>;

/** What to write: local mode from the org file; gateway mode from the gateway's /v1/me. */
async function entriesFor(core: GatehouseCore, request: ApiRequest<'kubeconfig.update'>): Promise<DesiredEntry[]> {
  const settings = core.settings.get();
  const rotate = request.rotateTokens === true;
  const gateway = request.orgFile === undefined ? core.gatewayModeSession() : null;
  if (gateway) {
    const resources = gateway.manager.assigned();
    if (request.direct === true) {
      if (rotate)
        throw new GatehouseError(
          'usage',
          "--rotate-tokens is about the local listeners' tokens; --direct contexts have none",
        );
      const ca = gateway.start.endpoint.caPem;
      return resources.map((name) => ({
        kind: 'direct',
        resource: name,
        server: resourceUrl(gateway.url, name),
        caPem: ca,
        exec: credentialCommand(name, { GATEHOUSE_HOME: process.env.GATEHOUSE_HOME }),
      }));
    }
    return kubeconfigEntries(core.paths, null, gateway.email, resources, settings.portRange, rotate);
  }
  if (request.direct === true)
    throw new GatehouseError(
      'usage',
      '--direct writes contexts straight to a gateway: sign in at one first (gatehouse login --gateway URL)',
    );
  // The signed-in person, or the one the CLI names (--org/--user) without switching the session.
  const { org, identity } = await personToWorkFor(core, request);
  return kubeconfigEntries(core.paths, org, identity.email, identity.resources, settings.portRange, rotate);
}

export const kubeconfigHandler: KubeconfigHandler = async (core, request) => {
  const settings = core.settings.get();
  const { dryRun } = request;
  const entries = await entriesFor(core, request);
  // A client in another process (the CLI) says where it stands; paths and KUBECONFIG are its own.
  const client = request.environment ?? {};
  const target = await resolveKubeconfigTarget({
    flag: request.path ?? settings.kubeconfigPath ?? undefined,
    env: { KUBECONFIG: client.KUBECONFIG ?? process.env.KUBECONFIG, HOME: client.HOME ?? process.env.HOME },
    cwd: client.cwd,
  });
  const result = await updateKubeconfig({
    target,
    entries,
    force: request.force === true,
    dryRun,
    useContext: request.useContext,
  });
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
    tightened:
      result.tightened === undefined
        ? null
        : { from: octalMode(result.tightened.from), to: octalMode(result.tightened.to) },
  };
};
