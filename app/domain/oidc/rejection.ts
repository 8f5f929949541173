// Why a bearer token was refused. The reason is a small closed set, fit for a metrics label
// (`token failures by reason`); the message says what was wrong for the log and the 401 body and
// never contains the token (claim values it quotes are cut short: they are the sender's words).

export const TOKEN_FAILURE_REASONS = [
  'missing',
  'malformed',
  'bad-signature',
  'expired',
  'not-yet-valid',
  'wrong-issuer',
  'wrong-audience',
  'wrong-type',
  'alg-not-allowed',
  'unverified-email',
  'no-username',
  'unknown-key',
] as const;

export type TokenFailureReason = (typeof TOKEN_FAILURE_REASONS)[number];

export interface TokenRejection {
  reason: TokenFailureReason;
  message: string;
}

export function reject(reason: TokenFailureReason, message: string): TokenRejection {
  return { reason, message };
}

const QUOTE_MAX = 80;

/** A value from the token, quoted and cut short, for a message. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
}

export function isRejection(value: unknown): value is TokenRejection {
  return typeof value === 'object' && value !== null && 'reason' in value && 'message' in value;
}
