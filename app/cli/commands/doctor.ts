import { GatehouseError } from '../../../shared/errors';
import { doctorPassed, formatDoctorReport } from '../../../shared/format-doctor';
import { EXIT, type Command } from '../command';
import { chosenOrgFile, readingApi, withApi } from '../../client/reach-api';

/**
 * `gatehouse doctor [<name>] [--json]`: the cluster checks of SPEC §6 per resource, with the
 * leased credentials. Exit 0 when nothing failed (warnings allowed), 1 when a check failed.
 */
export const doctorCommand: Command = async (ctx) => {
  if (ctx.args.length > 1) throw new GatehouseError('usage', 'name at most one resource: doctor [<name>] [--json]');
  const report = await withApi(readingApi(ctx), async (api) =>
    api.call('admin.doctor', { names: ctx.args, orgFile: await chosenOrgFile(ctx, api) }),
  );
  ctx.io.out(ctx.options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return doctorPassed(report) ? EXIT.ok : EXIT.failure;
};
