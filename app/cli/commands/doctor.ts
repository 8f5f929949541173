import { doctorPassed, formatDoctorReport } from '../../admin/doctor/format-doctor';
import { runDoctor } from '../../admin/doctor/run-doctor';
import { selectResources, UnknownResourceError } from '../../admin/select-resources';
import { CliError, EXIT, type Command } from '../command';
import { loadSessionOrg } from '../session';

/**
 * `gatehouse doctor [<name>] [--json]`: the cluster checks of SPEC §6 per resource, with the
 * leased credentials. Exit 0 when nothing failed (warnings allowed), 1 when a check failed.
 */
export const doctorCommand: Command = async (ctx) => {
  if (ctx.args.length > 1) throw new CliError('name at most one resource: doctor [<name>] [--json]', EXIT.usage);
  const { file, org } = await loadSessionOrg(ctx);
  try {
    selectResources(org, ctx.args);
  } catch (err) {
    if (err instanceof UnknownResourceError) throw new CliError(`${err.message} in ${file}`, EXIT.usage);
    throw err;
  }
  const report = await runDoctor(org, { resources: ctx.args });
  ctx.io.out(ctx.options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return doctorPassed(report) ? EXIT.ok : EXIT.failure;
};
