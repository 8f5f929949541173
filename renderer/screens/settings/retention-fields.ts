// The recording retention settings as the form shows them: days, and megabytes (the API keeps
// bytes). Limits match the core's (app/services/state/settings-store.ts), which checks them again.
const MEGABYTE = 1024 * 1024;
const MAX_DAYS = 36_500;
const MAX_MEGABYTES = 2 ** 30;

export function megabytesOf(bytes: number): string {
  return String(Math.round((bytes / MEGABYTE) * 100) / 100);
}

export function bytesOf(megabytes: string): number {
  return Number(megabytes) * MEGABYTE;
}

/** Why the retention fields cannot be saved, or null. */
export function retentionProblem(days: string, megabytes: string): string | null {
  const d = Number(days);
  const mb = Number(megabytes);
  if (days.trim() === '' || !Number.isInteger(d) || d < 1 || d > MAX_DAYS) return `Keep recordings for a whole number of days, from 1 to ${MAX_DAYS}.`;
  if (megabytes.trim() === '' || !Number.isInteger(mb) || mb < 1 || mb > MAX_MEGABYTES) return 'The size limit is a whole number of megabytes, at least 1.';
  return null;
}
