/** The one error type for an unusable org file: first line says what and where (SPEC §2, §7). */
import { GatehouseError } from '../../../shared/errors';
import { formatOrgPath, type OrgPath } from '../../../shared/org';
import type { SourcePosition } from './yaml-location';

export interface OrgFileProblem {
  /** Path inside the org; absent for problems that are not about one value (YAML syntax). */
  path?: OrgPath;
  position?: SourcePosition;
  message: string;
}

function whereOf(problem: OrgFileProblem): string {
  const at = problem.position === undefined ? '' : `line ${problem.position.line}, col ${problem.position.col}`;
  if (problem.path === undefined) return at;
  return at === '' ? formatOrgPath(problem.path) : `${formatOrgPath(problem.path)} (${at})`;
}

function describeProblem(problem: OrgFileProblem): string {
  const where = whereOf(problem);
  return where === '' ? problem.message : `${where}: ${problem.message}`;
}

/** One problem fits on the first line; several get a count there and one indented line each. */
function formatMessage(file: string, problems: readonly OrgFileProblem[]): string {
  const [only] = problems;
  if (problems.length === 1 && only !== undefined) return `org file ${file}: ${describeProblem(only)}`;
  const lines = problems.map((problem) => `  ${describeProblem(problem)}`);
  return [`org file ${file}: ${problems.length} problems`, ...lines].join('\n');
}

/** Kind `config`: the person's file is wrong (SPEC §7: exit 2). */
export class OrgFileError extends GatehouseError {
  override readonly name = 'OrgFileError';

  constructor(
    readonly file: string,
    readonly problems: readonly OrgFileProblem[],
    options?: ErrorOptions,
  ) {
    super('config', formatMessage(file, problems), options);
  }

  /** A problem with the file as a whole (missing, unreadable, empty). */
  static about(file: string, message: string, cause?: unknown): OrgFileError {
    return new OrgFileError(file, [{ message }], cause === undefined ? undefined : { cause });
  }
}
