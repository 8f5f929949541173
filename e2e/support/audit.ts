// Reads the cluster's native audit log (JSON lines) and waits for events to appear in it. The log
// is read incrementally (from the last offset), so waiting stays cheap as it grows.
import { closeSync, openSync, readSync, statSync, watch } from 'node:fs';

export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  userAgent?: string;
  requestReceivedTimestamp: string;
  user: { username: string; groups?: string[] };
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
}

export class AuditLog {
  readonly events: AuditEvent[] = [];
  private offset = 0;
  private partial = '';

  constructor(readonly path: string) {}

  /** Reads whatever was appended since the last call. */
  refresh(): void {
    const size = statSync(this.path).size;
    if (size <= this.offset) return;
    const buf = Buffer.alloc(size - this.offset);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + buf.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') this.events.push(JSON.parse(line) as AuditEvent);
  }

  find(match: (e: AuditEvent) => boolean): AuditEvent | undefined {
    this.refresh();
    return this.events.find(match);
  }

  /**
   * Resolves with the first event matching the predicate, re-reading the log each time it
   * changes. The API server writes an event once the request completes, which may be just after
   * the client has its answer.
   */
  waitFor(match: (e: AuditEvent) => boolean, timeoutMs = 10_000): Promise<AuditEvent> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.find(match);
        if (!found) return;
        watcher.close();
        clearTimeout(timer);
        resolve(found);
      };
      const watcher = watch(this.path, check);
      const timer = setTimeout(() => {
        watcher.close();
        reject(new Error(`no matching audit event in ${this.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      check();
    });
  }
}

const logs = new Map<string, AuditLog>();

/** One shared reader per file. */
export function auditLog(path: string): AuditLog {
  let log = logs.get(path);
  if (!log) {
    log = new AuditLog(path);
    logs.set(path, log);
  }
  return log;
}

export function waitForAudit(path: string, match: (e: AuditEvent) => boolean, timeoutMs = 10_000): Promise<AuditEvent> {
  return auditLog(path).waitFor(match, timeoutMs);
}
