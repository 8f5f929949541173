// `gatehouse credential <resource>`: the exec credential plugin kubectl runs for `--direct`
// contexts (SPEC §10, as kubelogin and Pinniped do): an ExecCredential with the person's current
// ID token and its expiry, refreshed first when needed. kubectl shows stderr as it is, so a failure
// is one line that says what to do; the exit code is 1 whatever the kind (kubectl only asks for
// non-zero), and nothing but the credential ever goes to stdout.
import { GatehouseError, messageOf } from '../../../shared/errors';
import { EXIT, type Command } from '../command';
import { readingApi, withApi } from '../../client/reach-api';

export const credentialCommand: Command = async (ctx) => {
  const [resource, ...extra] = ctx.args;
  if (resource === undefined || extra.length > 0)
    throw new GatehouseError(
      'usage',
      'usage: gatehouse credential <resource> (run by kubectl from a --direct context)',
    );
  try {
    const { token, expiresAt } = await withApi(readingApi(ctx), (api) => api.call('gateway.credential', { resource }));
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token, expirationTimestamp: expiresAt },
    };
    ctx.io.out(`${JSON.stringify(credential)}\n`);
    return EXIT.ok;
  } catch (err) {
    ctx.io.err(`gatehouse credential: ${messageOf(err)}\n`);
    return EXIT.failure;
  }
};
