// Gateway mode for the desktop hosts (SPEC §10): the test OpenID provider and one real gateway in
// front of the bench's cluster, and a person's sign-in there (`gatehouse login --device`, approved
// through the provider's own pages) left in a GATEHOUSE_HOME for the host started next. The same
// helpers as the integration tests (e2e/support), so the bench measures what they verify.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceLogin } from '../../e2e/support/desktop-session';
import { demoOrgCopy } from '../../e2e/support/gatehouse-cli';
import { startGateway, writeGatewayConfig, type GatewayReplica } from '../../e2e/support/gateway';
import { startOidcProvider, type RunningOidcProvider } from '../../e2e/support/oidc/harness';

export interface GatewaySignIn {
  url: string;
  /** Leaves `user`'s sign-in at the gateway in `home`. */
  signIn(home: string, user: string): Promise<void>;
  stop(): Promise<void>;
}

/** `clusterDir`: the test cluster's folder (its demo org, with kubeconfig paths made absolute). */
export async function startGatewaySignIn(clusterDir: string, work: string): Promise<GatewaySignIn> {
  let idp: RunningOidcProvider | null = null;
  let gateway: GatewayReplica | null = null;
  const stop = async (): Promise<void> => {
    await gateway?.stop();
    await idp?.stop();
  };
  try {
    idp = await startOidcProvider({ dir: join(work, 'oidc') });
    const info = idp.info;
    const config = writeGatewayConfig({ dir: join(work, 'gateway'), org: demoOrgCopy(clusterDir, work), oidc: info });
    gateway = await startGateway(config, { name: 'bench-desktop' });
    // What `--ca` takes when both the gateway and the IdP have private CAs.
    const caFile = join(work, 'ca-bundle.pem');
    writeFileSync(caFile, `${config.caPem}${readFileSync(info.caFile, 'utf8')}`);
    const url = gateway.url;
    return {
      url,
      signIn: (home, user) => deviceLogin({ home, gateway: url, caFile, idp: info, login: user }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
