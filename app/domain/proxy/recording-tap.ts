// The tap of one recorded exec/attach session: it follows both directions of the websocket, turns
// channel messages into asciicast events and hands them to a CastWriter. Each direction has its
// own cap on recorded bytes (stdin matters too: `kubectl cp` into a pod is tar over stdin); past
// it one marker event says what was left out and that direction is no longer parsed at all.
// The proxy calls the tap from its sockets' 'data' handlers, where an exception would end the
// process: every entry point is guarded, and a fault ends the recording, never the session.
import { CastWriter } from './cast-writer';
import type { SessionTap } from './session-recorder';
import { WebSocketMessageReader } from './ws-frames';

/** Stream channel numbers of the *.channel.k8s.io protocols. */
const CHANNEL_EVENT: Record<number, string> = { 0: 'i', 1: 'o', 2: 'e', 4: 'r' };

export interface RecordingLimits {
  /** Bytes of recording (event lines as written) of what the client sent: stdin, resizes. */
  input: number;
  /** Bytes of recording of what the cluster sent: stdout, stderr. */
  output: number;
}

interface Direction {
  readonly name: 'input' | 'output';
  readonly limit: number;
  recorded: number;
  capped: boolean;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;
}

export function recordingTap(writer: CastWriter, opts: { base64: boolean; limits: RecordingLimits; seconds: () => number }): SessionTap {
  let broken = false;
  let ended = false;

  const capped = (dir: Direction, why: string): void => {
    dir.capped = true;
    writer.marker(why);
  };

  const onMessage = (dir: Direction, data: Buffer, isBinary: boolean): void => {
    if (dir.capped || data.length === 0) return;
    let channel: number;
    let payload: Buffer;
    if (opts.base64 && !isBinary) {
      channel = data[0]! - 0x30; // ASCII digit
      payload = Buffer.from(data.subarray(1).toString(), 'base64');
    } else {
      channel = data[0]!;
      payload = data.subarray(1);
    }
    const event = CHANNEL_EVENT[channel];
    if (!event || payload.length === 0) return;
    // Dropped events count towards the cap too: the cap bounds the work as well as the file.
    const line = CastWriter.line(opts.seconds(), event, payload.toString('utf8'));
    dir.recorded += Buffer.byteLength(line);
    if (dir.recorded > dir.limit) {
      capped(dir, `gatehouse: ${dir.name} beyond ${megabytes(dir.limit)} was not recorded`);
      return;
    }
    writer.event(line);
  };

  const fault = (): void => {
    if (broken) return;
    broken = true;
    try {
      writer.marker('gatehouse: recording stopped after an internal error');
      writer.end();
    } catch {
      // the recording is lost; the session goes on
    }
  };

  const readerFor = (dir: Direction, fromClient: boolean): WebSocketMessageReader =>
    new WebSocketMessageReader(
      fromClient,
      (data, isBinary) => {
        try {
          if (!broken) onMessage(dir, data, isBinary);
        } catch {
          fault();
        }
      },
      {
        // A message longer than the whole cap could never be recorded: no need to hold it.
        maxPayload: dir.limit,
        onError: (err, tooLarge) => {
          try {
            if (dir.capped || broken) return;
            capped(dir, tooLarge ? `gatehouse: ${dir.name} beyond ${megabytes(dir.limit)} was not recorded` : `gatehouse: ${dir.name} could not be followed (${err.message}); the rest of it was not recorded`);
          } catch {
            fault();
          }
        },
      },
    );

  const input: Direction = { name: 'input', limit: opts.limits.input, recorded: 0, capped: false };
  const output: Direction = { name: 'output', limit: opts.limits.output, recorded: 0, capped: false };
  const inputReader = readerFor(input, true);
  const outputReader = readerFor(output, false);

  const push = (dir: Direction, reader: WebSocketMessageReader, chunk: Buffer): void => {
    if (broken || ended || dir.capped) return;
    try {
      reader.push(chunk);
    } catch {
      fault();
    }
  };

  return {
    fromClient: (chunk) => push(input, inputReader, chunk),
    fromServer: (chunk) => push(output, outputReader, chunk),
    end: () => {
      if (ended || broken) return;
      ended = true;
      try {
        writer.end();
      } catch {
        broken = true;
      }
    },
  };
}
