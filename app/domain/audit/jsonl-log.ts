import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only JSON-lines file that rotates by size: when it passes maxBytes it becomes
 * `<file>.1` (the previous `.1` is dropped) and a new file starts. One line per record; records
 * must not contain secrets — callers pass only what they mean to keep.
 *
 * Lines are gathered for a few milliseconds and written together with one synchronous append: one
 * write per request was a measurable share of the proxy's per-request CPU (bench/ANALYSIS.md), and
 * synchronous writes keep rotation exact. A crash can lose at most that window.
 */
export class JsonlLog<T> {
  private fd: number | null = null;
  private size = 0;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly file: string,
    private readonly maxBytes = 10 * 1024 * 1024,
    private readonly flushAfterMs = 20,
  ) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  append(record: T): void {
    this.pending.push(`${JSON.stringify(record)}\n`);
    this.timer ??= setTimeout(() => this.flush(), this.flushAfterMs);
  }

  async close(): Promise<void> {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    if (this.fd === null) {
      this.fd = openSync(this.file, 'a', 0o600);
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lines = this.pending;
    this.pending = [];
    try {
      this.open();
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const bytes = Buffer.byteLength(line);
        if (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.maxBytes) {
          // Write what fits, then start the next file.
          if (chunk !== '') this.size += writeSync(this.open(), chunk);
          chunk = '';
          chunkBytes = 0;
          this.rotate();
          this.open();
        }
        chunk += line;
        chunkBytes += bytes;
      }
      if (chunk !== '') this.size += writeSync(this.open(), chunk);
    } catch {
      // A full disk or a removed directory must not take the proxy down; the log is best effort.
    }
  }

  private rotate(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    renameSync(this.file, `${this.file}.1`);
  }
}
