// The file name of one recording: when, which resource, namespace and pod, and a random suffix.
// The parts come from the org file and the request path, so they are not trusted to be short or
// tame: a part with characters outside [A-Za-z0-9._-] (or a "..") is replaced by a short hash of
// it, and while the name would be longer than MAX_RECORDING_NAME bytes the longest part is too.
// The header line inside the file keeps the real names; the file name only has to be safe,
// unique and sortable by time.
import { createHash, randomBytes } from 'node:crypto';

/** Well below the 255-byte file name limit of common file systems, leaving room for the path. */
export const MAX_RECORDING_NAME = 200;

const SAFE_PART = /^[A-Za-z0-9._-]*$/;

export function hashPart(part: string): string {
  return `h${createHash('sha256').update(part).digest('hex').slice(0, 12)}`;
}

function safePart(part: string): string {
  return SAFE_PART.test(part) && !part.includes('..') ? part : hashPart(part);
}

/** `suffix` is random in use; tests pass a fixed one. */
export function recordingFileName(started: Date, parts: { resource: string; namespace: string | null; pod: string | null }, suffix = randomBytes(3).toString('hex')): string {
  const originals = [parts.resource, parts.namespace ?? '', parts.pod ?? ''];
  const shown = originals.map(safePart);
  const name = (): string => `${started.toISOString().replace(/[:.]/g, '-')}-${shown.join('-')}-${suffix}.cast`;
  while (Buffer.byteLength(name()) > MAX_RECORDING_NAME) {
    let longest = 0;
    for (let i = 1; i < shown.length; i++) if (shown[i]!.length > shown[longest]!.length) longest = i;
    const hashed = hashPart(originals[longest]!);
    if (shown[longest] === hashed) break; // every part is already short; cannot happen with 3 parts
    shown[longest] = hashed;
  }
  return name();
}
