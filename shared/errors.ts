/**
 * What kind of failure an error is, decided once where it arises (the org loader, the kubeconfig
 * writer, the API's request check…) and carried unchanged to the person: across the API envelope
 * (`ApiError.code` is the kind) and to the CLI's exit code (SPEC §7). No layer in between looks
 * at an error's class to decide again; `ERROR_KINDS` below is the only table.
 *
 * Pure, so every tier can throw it: the domain modules of app/, the core, the transports, the CLI.
 */
import type { ApiError, ApiResult } from './api';

/** SPEC §7: 0 ok, 1 runtime failure, 2 usage/config error, 3 refused. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Every kind, with its exit code. The person's mistakes (a malformed request, a bad org file or
 * kubeconfig, a name that is not there, not signed in) are 2; what Gatehouse will not do without
 * being asked differently (a foreign kubeconfig entry, a resource not assigned) is 3; what could not
 * be done right now (a cluster, a file, the agent) and Gatehouse's own bugs are 1.
 */
export const ERROR_KINDS = {
  /** The request or command line is malformed: a missing or mistyped field, an unknown option. */
  usage: EXIT.usage,
  /** A file the person configured is wrong: the org file, a kubeconfig, a leased credential. */
  config: EXIT.usage,
  /** A call that needs a session came before sign-in (the UI shows the sign-in screen). */
  'not-signed-in': EXIT.usage,
  /** Something named does not exist: a resource, a user, a recording. */
  'not-found': EXIT.usage,
  /** Gatehouse will not do it as asked: a foreign kubeconfig entry without force, a resource not assigned. */
  refused: EXIT.refused,
  /** Something needed cannot be reached or used right now: a cluster, a file, a port, the agent. */
  unavailable: EXIT.failure,
  /** Anything else: a bug, or a failure nobody gave a kind. */
  internal: EXIT.failure,
} as const satisfies Record<string, ExitCode>;

export type ErrorKind = keyof typeof ERROR_KINDS;

export const ERROR_KIND_NAMES = Object.keys(ERROR_KINDS) as readonly ErrorKind[];

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(ERROR_KINDS, value);
}

/** An error whose kind was decided where it arose; its message is one line saying what and where. */
export class GatehouseError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatehouseError';
  }
}

/** The kind of anything thrown: a GatehouseError's own, `internal` for everything else. */
export function kindOf(err: unknown): ErrorKind {
  return err instanceof GatehouseError ? err.kind : 'internal';
}

/** The exit code for anything thrown (SPEC §7). */
export function exitCodeOf(err: unknown): ExitCode {
  return ERROR_KINDS[kindOf(err)];
}

/** A thrown value in words, whatever was thrown (even an object whose toString throws). */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'an unprintable error';
  }
}

/** Anything thrown, as the API envelope carries it: the kind as the code, the message as is. */
export function apiErrorOf(err: unknown): ApiError {
  return { code: kindOf(err), message: messageOf(err) };
}

/**
 * An envelope's error thrown again on the client's side, with the same kind: what a CLI command or
 * an attached host does with a failed answer. A code this build does not know (a newer host) is
 * `internal`, its message kept.
 */
export function errorFromApi(error: ApiError): GatehouseError {
  return new GatehouseError(isErrorKind(error.code) ? error.code : 'internal', error.message);
}

/** A Result's value, or its error thrown with its kind. */
export function unwrapResult<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  throw errorFromApi(result.error);
}
