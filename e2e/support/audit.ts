// Reads the cluster's native audit log (JSON lines) and waits for events to appear in it.
import { readFileSync, watch } from 'node:fs';

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

export function readAudit(path: string): AuditEvent[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditEvent);
}

/**
 * Resolves with the first event matching the predicate, re-reading the log each time it changes.
 * The API server writes an event once the request completes, which may be just after the client
 * has its answer.
 */
export function waitForAudit(path: string, match: (e: AuditEvent) => boolean, timeoutMs = 10_000): Promise<AuditEvent> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = readAudit(path).find(match);
      if (found) {
        watcher.close();
        clearTimeout(timer);
        resolve(found);
      }
      return found !== undefined;
    };
    const watcher = watch(path, () => void check());
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`no matching audit event in ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}
