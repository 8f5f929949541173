// HTTP/2 sessions to one endpoint shared by many long streams, the way a client-go program holds
// them: a few connections, the streams spread over them, and a new connection only when every
// open one has reached the server's SETTINGS_MAX_CONCURRENT_STREAMS (Go's transport does the same
// unless StrictMaxConcurrentStreams is set). A stream past the limit would otherwise be queued by
// the client and never answered while the watches before it stay open.
import type { Endpoint } from './endpoint';
import { connectH2, type H2Session } from './h2-session';

interface Slot extends H2Session {
  streams: number;
}

export class H2Pool {
  private readonly slots: Slot[] = [];
  /** A session being opened: concurrent callers wait for it rather than each opening one more. */
  private opening: Promise<Slot> | null = null;

  constructor(
    private readonly endpoint: Endpoint,
    /** Sessions opened before any stream, as a program with a few clients holds them. */
    private readonly spread: number,
  ) {}

  /** Opens the first `spread` sessions; the first failure (e.g. ALPN picked http/1.1) is thrown. */
  async start(): Promise<void> {
    for (let i = 0; i < this.spread; i++) await this.addSession();
  }

  get sessions(): number {
    return this.slots.length;
  }

  /** The server's stream limit per session (the same server, so the first one's). */
  get maxConcurrentStreams(): number | null {
    return this.slots[0]?.maxConcurrentStreams ?? null;
  }

  /** A session with room for one more stream, counted as taken until `release` is called. */
  async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots
        .filter((s) => !s.session.closed && !s.session.destroyed && s.streams < s.maxConcurrentStreams)
        .sort((a, b) => a.streams - b.streams)[0];
      if (free) {
        free.streams++;
        return free;
      }
      await (this.opening ?? this.addSession());
    }
  }

  release(slot: Slot): void {
    slot.streams--;
  }

  close(): void {
    for (const s of this.slots) s.session.destroy();
  }

  private addSession(): Promise<Slot> {
    this.opening = connectH2(this.endpoint)
      .then((h2) => {
        const slot: Slot = { ...h2, streams: 0 };
        this.slots.push(slot);
        return slot;
      })
      .finally(() => (this.opening = null));
    return this.opening;
  }
}
