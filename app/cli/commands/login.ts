// `gatehouse login --gateway URL [--ca FILE] [--device]` and `gatehouse logout` (SPEC §10). The
// running host signs in when one runs (its listeners then forward with the new tokens), else this
// process does and leaves the sign-in in app data for the next host and for `gatehouse credential`.
import { GatehouseError } from '../../../shared/errors';
import { EXIT, type Command } from '../command';
import { openInBrowser } from '../../client/open-browser';
import { readingApi, withApi } from '../../client/reach-api';

const USAGE = 'usage: gatehouse login --gateway URL [--ca FILE] [--device]';

export const loginCommand: Command = async (ctx) => {
  if (ctx.args.length > 0) throw new GatehouseError('usage', `unexpected "${ctx.args.join(' ')}"; ${USAGE}`);
  return withApi(readingApi(ctx), async (api) => {
    const remembered = await api.call('settings.get', undefined);
    const gateway = ctx.options.gateway ?? remembered.gatewayUrl;
    if (!gateway) throw new GatehouseError('usage', `name the gateway: ${USAGE}`);
    const caFile =
      ctx.options.ca ?? (ctx.options.gateway === undefined ? (remembered.gatewayCaFile ?? undefined) : undefined);
    const pending = await api.call('gateway.signIn', {
      gateway,
      ...(caFile ? { caFile } : {}),
      ...(ctx.options.device ? { device: true } : {}),
      environment: { cwd: process.cwd() },
    });
    if (pending.kind === 'device') {
      ctx.io.out(`visit ${pending.verificationUriComplete ?? pending.verificationUri}\n`);
      ctx.io.out(`code ${pending.userCode}\n`);
    } else {
      const opened = pending.opened || (await openInBrowser(pending.url, ctx.env));
      ctx.io.out(`${opened ? 'opened your browser at' : 'open this page in a browser:'} ${pending.url}\n`);
    }
    // Ctrl-C ends the wait and the sign-in under way with it.
    const stop = ctx.stopSignal.then(async () => {
      await api.call('gateway.cancelSignIn', { id: pending.id }).catch(() => {});
      throw new GatehouseError('refused', 'sign-in cancelled');
    });
    const session = await Promise.race([api.call('gateway.awaitSignIn', { id: pending.id }), stop]);
    ctx.io.out(`signed in as ${session.user ?? '?'}\n`);
    return EXIT.ok;
  });
};

export const logoutCommand: Command = async (ctx) => {
  if (ctx.args.length > 0)
    throw new GatehouseError('usage', `unexpected "${ctx.args.join(' ')}"; usage: gatehouse logout`);
  return withApi(readingApi(ctx), async (api) => {
    const before = await api.call('session.get', undefined);
    if (before.gateway === null) {
      ctx.io.out('not signed in at a gateway\n');
      return EXIT.ok;
    }
    await api.call('session.signOut', undefined);
    ctx.io.out(`signed out of ${before.gateway.url}\n`);
    return EXIT.ok;
  });
};
