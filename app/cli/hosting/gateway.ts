import { GatehouseError } from '../../../shared/errors';
import { loadGatewayConfig } from '../../hosts/gateway/config';
import { startGateway } from '../../hosts/gateway/start-gateway';
import { EXIT, type Command } from '../command';

/**
 * `gatehouse gateway --config FILE` (SPEC §10): runs the gateway server until SIGTERM/SIGINT.
 * Prints `gateway listening https://<host>:<port>` once the org is loaded and the issuer's
 * discovery and keys are fetched; the per-request audit follows on stdout as JSON lines. A bad
 * config is a `config` error (exit 2) naming the file, the key and the problem. On the signal it
 * drains (see start-gateway.ts) and exits 0.
 */
export const gatewayCommand: Command = async (ctx) => {
  const file = ctx.options.config;
  if (file === undefined || file === '')
    throw new GatehouseError('usage', 'needs --config FILE (the gateway config, YAML)');
  if (ctx.args.length > 0)
    throw new GatehouseError('usage', `unexpected argument "${ctx.args[0]}" (the gateway takes only --config FILE)`);
  const config = loadGatewayConfig(file);
  const gateway = await startGateway(config);
  ctx.io.out(`gateway listening ${gateway.url}\n`);
  const signal = await ctx.stopSignal;
  ctx.io.err(
    `gatehouse gateway: ${signal}: not ready, draining (at most ${config.shutdownGraceMs / 1000} s), then stopping\n`,
  );
  await gateway.stop();
  return EXIT.ok;
};
