// Reading back what the proxies recorded, for the activity view: the newest request records and
// the exec/attach recordings.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordingSummary } from '../../shared/api';
import type { RequestRecord } from '../../shared/activity';
import { ApiFailure } from '../api/api-failure';
import type { CastHeader } from '../proxy/session-recorder';

/** The last `limit` records of the request log, newest first; reads only the file's tail. */
export function recentRequests(file: string, limit: number): RequestRecord[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  // Records are a few hundred bytes; read enough of the tail for `limit` of them.
  const want = Math.min(size, limit * 1024 + 4096);
  const buf = Buffer.alloc(want);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, want, size - want);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString('utf8').split('\n');
  if (want < size) lines.shift(); // the first line is cut
  const records: RequestRecord[] = [];
  for (const line of lines.reverse()) {
    if (records.length >= limit) break;
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as RequestRecord);
    } catch {
      // a line being written right now
    }
  }
  return records;
}

const CAST_ID = /^[\w.-]+\.cast$/;

export function listRecordings(dir: string): RecordingSummary[] {
  if (!existsSync(dir)) return [];
  const out: RecordingSummary[] = [];
  for (const id of readdirSync(dir)) {
    if (!CAST_ID.test(id)) continue;
    const path = join(dir, id);
    const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
    try {
      const h = JSON.parse(firstLine) as CastHeader;
      const g = h.gatehouse;
      out.push({
        id,
        time: new Date(h.timestamp * 1000).toISOString(),
        resource: g.resource,
        user: g.user,
        namespace: g.namespace,
        pod: g.pod,
        container: g.container,
        command: g.command,
        subresource: g.subresource,
        bytes: statSync(path).size,
      });
    } catch {
      // not one of ours, or being written
    }
  }
  return out.sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
}

export function readRecording(dir: string, id: string): string {
  // The id names a file in our directory and nothing else: no separators, no "..".
  if (!CAST_ID.test(id) || id.includes('..')) throw new ApiFailure('bad-request', `not a recording id: ${JSON.stringify(id)}`);
  const path = join(dir, id);
  if (!existsSync(path)) throw new ApiFailure('not-found', `no recording ${id}`);
  return readFileSync(path, 'utf8');
}
