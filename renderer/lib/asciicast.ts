/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one
 * `[seconds, code, data]` line per event. Gatehouse records exec sessions with codes
 * "o" (stdout), "e" (stderr), "i" (stdin) and "r" (resize, data "COLSxROWS"), and "m" (a marker,
 * asciicast's own code) where Gatehouse left something out: input or output past the per-session
 * limit, or events the disk could not keep up with.
 */
export type CastStream = 'stdout' | 'stderr' | 'stdin';

export interface CastChunk {
  /** Seconds on the replay timeline (long idle gaps already shortened). */
  at: number;
  stream: CastStream;
  data: string;
}

export interface Cast {
  width: number | null;
  height: number | null;
  chunks: CastChunk[];
  /** Length of the replay timeline, in seconds. */
  duration: number;
  /** Idle gaps longer than this were shortened to it. */
  idleLimit: number;
  /** What the recording says was left out of it ("m" events), in order. */
  notes: string[];
}

const STREAM_OF_CODE: Record<string, CastStream | undefined> = { o: 'stdout', e: 'stderr', i: 'stdin' };

/** Nobody wants to watch someone think for two minutes; asciinema's players do the same. */
const DEFAULT_IDLE_LIMIT_SECONDS = 2;

function readHeader(line: string, lineNumber: number): { width: number | null; height: number | null } {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not JSON`);
  }
  if (typeof header !== 'object' || header === null || !('version' in header) || header.version !== 2) {
    throw new Error(`line ${lineNumber}: not an asciicast v2 header`);
  }
  const width = 'width' in header && typeof header.width === 'number' ? header.width : null;
  const height = 'height' in header && typeof header.height === 'number' ? header.height : null;
  return { width, height };
}

function readEvent(line: string, lineNumber: number): { time: number; code: string; data: string } {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not JSON`);
  }
  if (!Array.isArray(event) || event.length < 3) throw new Error(`line ${lineNumber}: not [time, code, data]`);
  const [time, code, data] = event as unknown[];
  if (typeof time !== 'number' || typeof code !== 'string' || typeof data !== 'string') {
    throw new Error(`line ${lineNumber}: not [time, code, data]`);
  }
  return { time, code, data };
}

/** Parses a recording; throws an Error naming the line when it is not one. */
export function parseCast(text: string, idleLimit = DEFAULT_IDLE_LIMIT_SECONDS): Cast {
  // Numbered before blank lines are dropped, so an error names the line an editor shows.
  const lines = text
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  const first = lines[0];
  if (first === undefined) throw new Error('the recording is empty');
  const { width, height } = readHeader(first.line, first.number);
  const chunks: CastChunk[] = [];
  const notes: string[] = [];
  let previousTime = 0;
  let timeline = 0;
  lines.slice(1).forEach(({ line, number }) => {
    const { time, code, data } = readEvent(line, number);
    timeline += Math.min(Math.max(0, time - previousTime), idleLimit);
    previousTime = Math.max(previousTime, time);
    const stream = STREAM_OF_CODE[code];
    if (stream !== undefined) chunks.push({ at: timeline, stream, data });
    else if (code === 'm') notes.push(data);
  });
  return { width, height, chunks, duration: timeline, idleLimit, notes };
}
