// `reachable`: the API server answers the leased credential, and with which version.
import type { DoctorCheck } from '../../../../shared/admin';
import { describeClusterFailure, type ClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import { leasedUsername } from '../leased-identity';
import { fail, ok, warn } from './check-result';
import { isOlderThanSupported, MIN_SUPPORTED, parseKubernetesVersion } from './kubernetes-version';

export interface ReachableResult {
  check: DoctorCheck;
  /** Set when later checks can talk to the cluster. */
  client: ClusterClient | null;
  /** The leased identity's username, when the cluster told it (SelfSubjectReview, ≥1.28). */
  leasedUser: string | null;
}

const ID = 'reachable';

function failureCheck(failure: ClusterFailure, server: string, resourceName: string): DoctorCheck {
  const renew = `renew the leased credential of resource "${resourceName}" (its kubeconfig, or the inline credentials in the org file)`;
  switch (failure.kind) {
    case 'credential':
      return fail(
        ID,
        `the leased credential cannot be used: ${failure.message}`,
        `fix the "cluster:" block of resource "${resourceName}" in the org file`,
      );
    case 'unauthorized':
      return fail(
        ID,
        `the cluster at ${server} rejected the leased credential (${failure.message}): it is wrong, expired or revoked`,
        renew,
      );
    case 'tls':
      return fail(
        ID,
        `cannot verify the API server at ${server}: ${failure.message}`,
        "give the cluster's CA (certificate-authority-data / certificateAuthority) with the leased credential",
      );
    case 'unreachable':
    case 'timeout':
      return fail(
        ID,
        `cannot reach the API server at ${server}: ${failure.message}`,
        'check the server address and that this machine can reach it (API server running, VPN, firewall)',
      );
    case 'not-found':
      return fail(
        ID,
        `${server} answered ${failure.message} to /version: not a Kubernetes API server?`,
        'check the server address of the leased credential',
      );
    case 'forbidden':
    case 'http':
      return fail(
        ID,
        `the API server at ${server} answered ${failure.message} to /version`,
        'check the server address and the API server',
      );
  }
}

async function optionalLeasedUser(client: ClusterClient): Promise<string | null> {
  try {
    return await leasedUsername(client);
  } catch {
    return null; // older clusters do not serve SelfSubjectReview; the name is only informative here
  }
}

export async function checkReachable(
  connect: () => ClusterClient | Promise<ClusterClient>,
  resourceName: string,
): Promise<ReachableResult> {
  let client: ClusterClient;
  try {
    client = await connect();
  } catch (err) {
    return { check: failureCheck(describeClusterFailure(err), '', resourceName), client: null, leasedUser: null };
  }
  let info;
  try {
    info = await client.version.getCode();
  } catch (err) {
    return {
      check: failureCheck(describeClusterFailure(err), client.server, resourceName),
      client: null,
      leasedUser: null,
    };
  }
  const leasedUser = await optionalLeasedUser(client);
  const as = leasedUser === null ? '' : ` as ${leasedUser}`;
  const version = parseKubernetesVersion(info);
  if (version === null) {
    const check = warn(
      ID,
      `${client.server} answered${as} but reports no usable version (major "${info.major}", minor "${info.minor}")`,
      `make sure the cluster runs Kubernetes ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} or newer`,
    );
    return { check, client, leasedUser };
  }
  if (isOlderThanSupported(version)) {
    const check = warn(
      ID,
      `Kubernetes ${version.text} at ${client.server} is older than ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor}: with anonymous requests enabled it wrongly expects system:authenticated in impersonated requests (known bug; Gatehouse sends it, but such versions are unsupported)`,
      `upgrade the cluster to Kubernetes ${MIN_SUPPORTED.major}.${MIN_SUPPORTED.minor} or newer`,
    );
    return { check, client, leasedUser };
  }
  return { check: ok(ID, `Kubernetes ${version.text} at ${client.server} answers${as}`), client, leasedUser };
}
