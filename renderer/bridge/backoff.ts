/** Reconnect delays: quick first retries (a restarting server is back within a second), capped so a
 * long outage does not hammer the loopback port, with jitter so several tabs do not retry in step. */
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  const jitter = 0.8 + random() * 0.4;
  return Math.round(exponential * jitter);
}
