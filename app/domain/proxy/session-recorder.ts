// Records websocket exec/attach sessions (stdin, stdout, stderr with timings) as asciicast v2
// files, replayable in the activity view. Event codes: "i" stdin, "o" stdout, "r" resize, and "e"
// for stderr — an extension of ours, since asciicast has no stderr — and "m" (a marker) when
// something was left out: a direction beyond its cap, events the disk could not keep up with.
// Everything is bounded (SPEC §9): bytes per direction (recording-tap), bytes waiting for the
// disk (cast-writer), the directory's age and size (recording-retention), file name length
// (recording-name).
import { mkdirSync, createWriteStream } from 'node:fs';
import type http from 'node:http';
import { join } from 'node:path';
import { applyRetention, type RetentionPolicy } from '../audit/recording-retention';
import { CastWriter, RECORDING_BUFFER_LIMIT } from './cast-writer';
import type { ImpersonatedIdentity } from './identity';
import { recordingFileName } from './recording-name';
import { recordingTap, type RecordingLimits } from './recording-tap';
import { requestInfo } from './request-info';

export interface SessionTap {
  fromClient(chunk: Buffer): void;
  fromServer(chunk: Buffer): void;
  end(): void;
}

/** What AsciicastRecorder hands out: a SessionTap that also says when its file is complete. */
export interface RecordingSessionTap extends SessionTap {
  /** The recording's file name in the directory. */
  readonly id: string;
  /** Settles when the file is closed (after end(), or after a write failure). */
  readonly finished: Promise<void>;
}

export interface SessionRecorder {
  /** A tap for this upgraded connection, or undefined when it is not a recordable session. */
  start(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): SessionTap | undefined;
}

/**
 * Output recorded per session (bytes of recording). Interactive sessions stay far below it; a bulk
 * transfer (kubectl cp is tar over exec stdout) would otherwise cost a JSON-escaped copy of every
 * byte on disk and the CPU to make it. Past the limit one marker event says so and output is no
 * longer parsed.
 */
export const RECORDED_OUTPUT_LIMIT = 8 * 1024 * 1024;
/** The same for what the client sends: `kubectl cp` into a pod is tar over stdin. */
export const RECORDED_INPUT_LIMIT = 8 * 1024 * 1024;

/** Retention runs when a recording starts, at most this often per directory. */
export const RETENTION_INTERVAL_MS = 60_000;

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp: number;
  title: string;
  gatehouse: { resource: string; user: string; groups: string[]; namespace: string | null; pod: string | null; container: string | null; command: string[]; subresource: string };
}

export interface RecorderOptions {
  /** Read when retention runs, so a settings change applies to the next run. None: no retention. */
  retention?: () => RetentionPolicy;
  limits?: Partial<RecordingLimits>;
  /** Bytes waiting for the disk above which events are dropped. */
  bufferLimit?: number;
}

/** Per directory (every resource's recorder shares one): recordings open now, the last retention run. */
const directories = new Map<string, { open: Set<string>; lastRun: number; running: Promise<void> | null }>();

function directoryState(dir: string): { open: Set<string>; lastRun: number; running: Promise<void> | null } {
  let state = directories.get(dir);
  if (!state) {
    state = { open: new Set(), lastRun: -Infinity, running: null };
    directories.set(dir, state);
  }
  return state;
}

export class AsciicastRecorder implements SessionRecorder {
  /** The retention run started by the last start(), if any (tests await it). */
  retentionRun: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly options: RecorderOptions = {},
  ) {}

  start(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): RecordingSessionTap | undefined {
    // The proxy calls this inside its upgrade handling: a recorder fault (directory not writable,
    // odd request) loses the recording, never the session or the process.
    try {
      return this.open(req, res, identity, resource);
    } catch {
      return undefined;
    }
  }

  private open(req: http.IncomingMessage, res: http.IncomingMessage, identity: ImpersonatedIdentity | null, resource: string): RecordingSessionTap | undefined {
    const info = requestInfo(req.method ?? 'GET', req.url ?? '/');
    if (info.resource !== 'pods' || (info.subresource !== 'exec' && info.subresource !== 'attach')) return undefined;
    const protocol = String(res.headers['sec-websocket-protocol'] ?? '');
    if (!protocol.endsWith('channel.k8s.io')) return undefined; // SPDY sessions are not recorded
    const base64 = protocol.startsWith('base64.');
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;

    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const started = Date.now();
    const name = recordingFileName(new Date(started), { resource, namespace: info.namespace, pod: info.name });
    const state = directoryState(this.dir);
    state.open.add(name);
    const bufferLimit = this.options.bufferLimit ?? RECORDING_BUFFER_LIMIT;
    // highWaterMark = the limit, so write() returning false is exactly "the buffer is full".
    const out = createWriteStream(join(this.dir, name), { mode: 0o600, highWaterMark: bufferLimit });
    const finished = new Promise<void>((resolve) =>
      out.on('close', () => {
        state.open.delete(name);
        resolve();
      }),
    );
    const seconds = (): number => (Date.now() - started) / 1000;
    const writer = new CastWriter(out, seconds, bufferLimit);
    const header: CastHeader = {
      version: 2,
      width: 80,
      height: 24,
      timestamp: Math.floor(started / 1000),
      title: `${info.subresource} ${info.namespace}/${info.name}`,
      gatehouse: {
        resource,
        user: identity?.user ?? '',
        groups: [...(identity?.groups ?? [])],
        namespace: info.namespace,
        pod: info.name,
        container: query.get('container'),
        command: query.getAll('command'),
        subresource: info.subresource,
      },
    };
    writer.header(header);
    this.retain(state);
    const tap = recordingTap(writer, {
      base64,
      seconds,
      limits: { input: this.options.limits?.input ?? RECORDED_INPUT_LIMIT, output: this.options.limits?.output ?? RECORDED_OUTPUT_LIMIT },
    });
    return { ...tap, id: name, finished };
  }

  /** Starts a retention run in the background when one is due; never throws, never waits. */
  private retain(state: { open: Set<string>; lastRun: number; running: Promise<void> | null }): void {
    const policy = this.options.retention;
    if (!policy || state.running || Date.now() - state.lastRun < RETENTION_INTERVAL_MS) return;
    state.lastRun = Date.now();
    const run = (async () => {
      await new Promise<void>((resolve) => setImmediate(resolve)); // after the upgrade is answered
      await applyRetention(this.dir, policy(), { inUse: state.open });
    })()
      .catch(() => {
        // retention is retried at the next recording after the interval
      })
      .finally(() => {
        state.running = null;
      });
    state.running = run;
    this.retentionRun = run;
  }
}
