import { once } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CastWriter } from './cast-writer';
import { recordingTap } from './recording-tap';
import { serverFrame } from './ws-final-message';

/** A destination that accepts writes only when told to: the disk that cannot keep up. */
class StalledDestination extends Writable {
  readonly lines: string[] = [];
  private pending: (() => void)[] = [];

  constructor(highWaterMark: number) {
    super({ highWaterMark, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.pending.push(() => {
      this.lines.push(...chunk.split('\n').filter((l) => l !== ''));
      callback();
    });
  }

  /** Lets every write made so far complete. */
  catchUp(): void {
    while (this.pending.length > 0) this.pending.shift()!();
  }
}

const stdout = (text: string): Buffer => serverFrame(0x2, Buffer.concat([Buffer.from([1]), Buffer.from(text)]));
const events = (d: StalledDestination): [number, string, string][] => d.lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);

describe('CastWriter backpressure', () => {
  it('drops events while the destination is behind, and writes one marker once it drains', async () => {
    const dest = new StalledDestination(1024);
    const writer = new CastWriter(dest, () => 1.5, 1024);
    const tap = recordingTap(writer, { base64: false, seconds: () => 1, limits: { input: 1 << 20, output: 1 << 20 } });
    writer.header({ version: 2 });
    // The first write goes to the destination (which holds it); the next ones fill the buffer.
    for (let i = 0; i < 40; i++) tap.fromServer(stdout(`line ${i} ${'x'.repeat(80)}\n`));
    expect(writer.dropping).toBe(true);
    const buffered = dest.writableLength;
    expect(buffered).toBeLessThan(1024 + 200); // bounded: at most one event past the limit
    const drained = once(dest, 'drain');
    dest.catchUp();
    await drained;
    dest.catchUp(); // the marker written on drain
    tap.fromServer(stdout('after\n'));
    dest.catchUp();
    const written = events(dest);
    const markers = written.filter(([, code]) => code === 'm');
    expect(markers).toHaveLength(1);
    const kept = written.filter(([, code]) => code === 'o').length - 1; // minus "after"
    const dropped = 40 - kept;
    expect(dropped).toBeGreaterThan(0);
    expect(markers[0]![2]).toMatch(new RegExp(`^gatehouse: ${dropped} events \\(\\d+ bytes\\) not recorded: the recording file could not keep up$`));
    expect(markers[0]![0]).toBe(1.5);
    expect(written.at(-1)?.slice(1)).toEqual(['o', 'after\n']);
    // the marker sits where the gap is: after the events that were kept
    expect(written.findIndex(([, code]) => code === 'm')).toBe(kept);
  });

  it('accounts for events dropped in a congestion that never drained before the end', async () => {
    const dest = new StalledDestination(256);
    const writer = new CastWriter(dest, () => 2, 256);
    writer.header({ version: 2 });
    for (let i = 0; i < 10; i++) writer.event(CastWriter.line(1, 'o', 'y'.repeat(100)));
    writer.end();
    const finished = once(dest, 'finish');
    for (let i = 0; i < 5; i++) {
      dest.catchUp();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await finished;
    const written = events(dest);
    expect(written.at(-1)?.[1]).toBe('m');
    const kept = written.filter(([, code]) => code === 'o').length;
    expect(written.at(-1)?.[2]).toMatch(new RegExp(`^gatehouse: ${10 - kept} events? \\(\\d+ bytes\\) not recorded`));
  });
});

describe('recording tap faults', () => {
  it('a destination that throws disables the recording, never throws into the proxy', () => {
    let writes = 0;
    const broken = new Writable({
      write(): void {
        writes += 1;
        throw new Error('disk on fire');
      },
    });
    const writer = new CastWriter(broken, () => 0);
    const tap = recordingTap(writer, { base64: false, seconds: () => 0, limits: { input: 1 << 20, output: 1 << 20 } });
    expect(() => tap.fromServer(stdout('one\n'))).not.toThrow();
    const before = writes;
    expect(() => tap.fromServer(stdout('two\n'))).not.toThrow();
    expect(() => tap.fromClient(Buffer.from([0x82, 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).not.toThrow();
    expect(writes).toBe(before); // disabled: nothing more reaches the destination
    expect(() => tap.end()).not.toThrow();
  });

  it('a writer whose end throws does not throw either', () => {
    const dest = new Writable({ write: (_c, _e, cb: () => void) => cb() });
    dest.end = (): never => {
      throw new Error('cannot end');
    };
    const writer = new CastWriter(dest, () => 0);
    const tap = recordingTap(writer, { base64: false, seconds: () => 0, limits: { input: 1 << 20, output: 1 << 20 } });
    tap.fromServer(stdout('hi\n'));
    expect(() => tap.end()).not.toThrow();
    expect(() => tap.fromServer(stdout('late\n'))).not.toThrow();
  });

  it('a destination that errors (disk full) stops recording and the tap keeps going quietly', async () => {
    const dest = new Writable({ write: (_c, _e, cb: (err: Error) => void) => cb(new Error('ENOSPC')) });
    const writer = new CastWriter(dest, () => 0);
    const tap = recordingTap(writer, { base64: false, seconds: () => 0, limits: { input: 1 << 20, output: 1 << 20 } });
    const closed = new Promise<void>((resolve) => dest.on('close', resolve)); // events.once would reject on 'error'
    writer.header({ version: 2 });
    await closed;
    expect(writer.dropping).toBe(true);
    expect(() => tap.fromServer(stdout('x\n'))).not.toThrow();
    expect(() => tap.end()).not.toThrow();
  });
});
