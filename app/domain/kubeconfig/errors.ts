// Everything that can go wrong with a kubeconfig, each with its kind (shared/errors.ts, so SPEC §7's
// exit code follows: a bad file is `config` (2), refusing to overwrite foreign entries `refused` (3),
// I/O `unavailable` (1)) and a message saying what and where in its first line.
import { GatehouseError } from '../../../shared/errors';
import type { EntryKind } from './entry-names';

/** Where in the file a problem is, 1-based. */
export interface SourcePosition {
  line: number;
  col: number;
}

function where(file: string | undefined, position: SourcePosition | undefined): string {
  const name = file ?? 'kubeconfig';
  return position === undefined ? name : `${name}:${position.line}:${position.col}`;
}

/** The text is not YAML (or not a single YAML document). */
export class KubeconfigSyntaxError extends GatehouseError {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition | undefined,
    readonly file?: string,
  ) {
    super('config', `${where(file, position)}: invalid YAML: ${reason}`);
  }

  inFile(file: string): KubeconfigSyntaxError {
    return new KubeconfigSyntaxError(this.reason, this.position, file);
  }
}

/** Valid YAML, but not shaped like a kubeconfig Gatehouse can edit (e.g. `clusters` is not a list). */
export class KubeconfigShapeError extends GatehouseError {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition | undefined,
    readonly file?: string,
  ) {
    super('config', `${where(file, position)}: not a kubeconfig Gatehouse can update: ${reason}`);
  }

  inFile(file: string): KubeconfigShapeError {
    return new KubeconfigShapeError(this.reason, this.position, file);
  }
}

export interface Clash {
  kind: EntryKind;
  name: string;
  /** 1-based line of the foreign entry. */
  line: number;
}

/** Entries with the names Gatehouse needs exist and are not Gatehouse's; nothing is changed without `force`. */
export class KubeconfigClashError extends GatehouseError {
  constructor(
    readonly clashes: readonly Clash[],
    readonly file?: string,
  ) {
    const list = clashes.map((c) => `${c.kind} "${c.name}" (line ${c.line})`).join(', ');
    super('refused', `${file ?? 'kubeconfig'}: refusing to overwrite entries Gatehouse does not own: ${list}; rename or remove them, or pass --force to replace them`);
  }

  inFile(file: string): KubeconfigClashError {
    return new KubeconfigClashError(this.clashes, file);
  }
}

/** Reading, locking or writing the file failed; the file is unchanged. */
export class KubeconfigFileError extends GatehouseError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('unavailable', `${file}: ${reason}`, options);
  }
}

export type KubeconfigContentError = KubeconfigSyntaxError | KubeconfigShapeError | KubeconfigClashError;

export function isKubeconfigContentError(error: unknown): error is KubeconfigContentError {
  return error instanceof KubeconfigSyntaxError || error instanceof KubeconfigShapeError || error instanceof KubeconfigClashError;
}
