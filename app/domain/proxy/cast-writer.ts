// Writes the lines of one asciicast recording to its file without ever buffering without bound:
// the proxy relays at network speed and the disk may be slower (or stalled, full, remote). While
// the file's write buffer is full, events are dropped and counted; once it drains one marker
// event says how much was left out. Markers themselves are always written: there are at most a
// few per session (caps, a fault) plus one per congestion episode, each written into an empty
// buffer.
import type { Writable } from 'node:stream';

/** Bytes a recording may have waiting for the disk before events are dropped. */
export const RECORDING_BUFFER_LIMIT = 1024 * 1024;

export class CastWriter {
  private congested = false;
  private droppedEvents = 0;
  private droppedBytes = 0;
  private ended = false;
  private failed = false;

  /**
   * `seconds` is the session clock (time since the recording started), for marker events.
   * `bufferLimit`: bytes waiting for the destination above which events are dropped; a file
   * stream opened with this as its highWaterMark also says so by write() returning false.
   */
  constructor(
    private readonly out: Writable,
    private readonly seconds: () => number,
    private readonly bufferLimit = RECORDING_BUFFER_LIMIT,
  ) {
    out.on('drain', () => this.drained());
    // A recording that cannot be written (disk full, directory gone) is given up; the session is not.
    out.on('error', () => {
      this.failed = true;
    });
  }

  /** True while events are being dropped (the caller may skip the work of building them). */
  get dropping(): boolean {
    return this.failed || this.ended || this.congested || this.out.writableLength >= this.bufferLimit;
  }

  /** The header line: written first, into an empty buffer. */
  header(header: unknown): void {
    this.put(`${JSON.stringify(header)}\n`);
  }

  /** One recorded event; dropped (and counted) while the destination is behind. */
  event(line: string): void {
    if (this.dropping) {
      if (!this.failed && !this.ended) {
        this.droppedEvents += 1;
        this.droppedBytes += Buffer.byteLength(line);
      }
      return;
    }
    this.put(line);
  }

  /** A marker event ("m"): a note in the recording that is never dropped for backpressure. */
  marker(text: string): void {
    if (this.failed || this.ended) return;
    this.put(markerLine(this.seconds(), text));
  }

  /** Serialises an event line; exported shape kept here so every line is built one way. */
  static line(at: number, code: string, data: string): string {
    return `${JSON.stringify([at, code, data])}\n`;
  }

  end(): void {
    if (this.ended) return;
    // Events dropped in a congestion that had not drained yet are still accounted for.
    const note = this.dropNote();
    this.ended = true;
    if (this.failed) {
      this.out.destroy();
      return;
    }
    if (note !== null) this.out.end(markerLine(this.seconds(), note));
    else this.out.end();
  }

  private put(line: string): void {
    if (!this.out.write(line)) this.congested = true;
  }

  private drained(): void {
    this.congested = false;
    if (this.ended || this.failed) return;
    const note = this.dropNote();
    if (note !== null) this.put(markerLine(this.seconds(), note));
  }

  private dropNote(): string | null {
    if (this.droppedEvents === 0) return null;
    const note = `gatehouse: ${this.droppedEvents} event${this.droppedEvents === 1 ? '' : 's'} (${this.droppedBytes} bytes) not recorded: the recording file could not keep up`;
    this.droppedEvents = 0;
    this.droppedBytes = 0;
    return note;
  }
}

function markerLine(at: number, text: string): string {
  return CastWriter.line(at, 'm', text);
}
