// Reading back what the proxies recorded, for the activity view: the newest request records and
// the exec/attach recordings. Recordings are read asynchronously and listed from their header
// lines alone: a directory of large recordings must not hold up the API or fill the memory.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { lstat, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingSummary } from '../../../shared/api';
import type { RequestRecord } from '../../../shared/activity';
import { GatehouseError } from '../../../shared/errors';
import type { CastHeader } from '../../domain/proxy/session-recorder';

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

/** The header line is read from at most this many first bytes; a longer one is not ours. */
export const HEADER_READ_LIMIT = 64 * 1024;
/** Listing stops at the newest this many recordings (names start with the time, so they sort). */
export const LIST_LIMIT = 1000;
/** A recording larger than this is not loaded into the viewer (ours are capped far below it). */
export const RECORDING_READ_LIMIT = 64 * 1024 * 1024;
/** Header reads at a time: bounded file descriptors, whatever the directory holds. */
const PARALLEL_READS = 8;

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The summary from a recording's first line, or null when it is not one of ours (or half-written). */
async function summaryOf(dir: string, id: string): Promise<RecordingSummary | null> {
  let handle: FileHandle;
  try {
    handle = await open(join(dir, id), 'r');
  } catch {
    return null; // deleted meanwhile
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return null;
    const buf = Buffer.alloc(Math.min(HEADER_READ_LIMIT, st.size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const newline = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (newline < 0) return null;
    const h = JSON.parse(buf.subarray(0, newline).toString('utf8')) as CastHeader;
    const g = h.gatehouse;
    return {
      id,
      time: new Date(h.timestamp * 1000).toISOString(),
      resource: g.resource,
      user: g.user,
      namespace: g.namespace,
      pod: g.pod,
      container: g.container,
      command: g.command,
      subresource: g.subresource,
      bytes: st.size,
    };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

export async function listRecordings(dir: string): Promise<RecordingSummary[]> {
  const ids = (await names(dir))
    .filter((id) => CAST_ID.test(id))
    .sort()
    .reverse()
    .slice(0, LIST_LIMIT);
  const out: RecordingSummary[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const summary = await summaryOf(dir, ids[next++]!);
      if (summary) out.push(summary);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  return out.sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
}

export async function readRecording(dir: string, id: string): Promise<string> {
  // The id names a file in our directory and nothing else: no separators, no "..".
  if (!CAST_ID.test(id) || id.includes('..')) throw new GatehouseError('usage', `not a recording id: ${JSON.stringify(id)}`);
  const path = join(dir, id);
  // lstat: a link placed in the directory is not followed out of it.
  const st = await lstat(path).catch(() => null);
  if (!st?.isFile()) throw new GatehouseError('not-found', `no recording ${id}`);
  if (st.size > RECORDING_READ_LIMIT) {
    throw new GatehouseError('refused', `recording ${id} is ${Math.ceil(st.size / 1024 / 1024)} MB, more than the ${RECORDING_READ_LIMIT / 1024 / 1024} MB the viewer opens; the file is ${path}`);
  }
  return readFile(path, 'utf8');
}
