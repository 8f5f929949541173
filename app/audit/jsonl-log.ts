import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines file that rotates by size: when it passes maxBytes it becomes
 * `<file>.1` (the previous `.1` is dropped) and a new file starts. One line per record; records
 * must not contain secrets — callers pass only what they mean to keep.
 */
export class JsonlLog<T> {
  private stream: WriteStream;
  private size: number;

  constructor(
    readonly file: string,
    private readonly maxBytes = 10 * 1024 * 1024,
  ) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.size = fileSize(file);
    this.stream = this.open();
  }

  append(record: T): void {
    const line = `${JSON.stringify(record)}\n`;
    if (this.size + line.length > this.maxBytes && this.size > 0) this.rotate();
    this.stream.write(line);
    this.size += Buffer.byteLength(line);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }

  private open(): WriteStream {
    const stream = createWriteStream(this.file, { flags: 'a', mode: 0o600 });
    // A full disk must not take the proxy down; the log is best effort.
    stream.on('error', () => {});
    return stream;
  }

  private rotate(): void {
    this.stream.end();
    try {
      renameSync(this.file, `${this.file}.1`);
    } catch {
      // Nothing to rotate (removed under us): start afresh.
    }
    this.size = 0;
    this.stream = this.open();
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
