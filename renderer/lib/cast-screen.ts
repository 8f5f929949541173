import type { Cast } from './asciicast';
import { type ScreenRun, TerminalScreen } from './terminal-screen';

/** How many chunks have happened by `position` (binary search: recordings can have many chunks). */
export function chunksUntil(cast: Cast, position: number): number {
  let low = 0;
  let high = cast.chunks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cast.chunks[middle]?.at ?? Infinity) <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The screen after the first `count` chunks. Playing forward only applies the new chunks; seeking
 * back (or toggling keystrokes) starts again from the beginning.
 */
export class CastScreen {
  private screen: TerminalScreen;
  private applied = 0;

  constructor(
    private readonly cast: Cast,
    private readonly showStdin: boolean,
  ) {
    this.screen = new TerminalScreen(showStdin);
  }

  at(count: number): ScreenRun[] {
    if (count < this.applied) {
      this.screen = new TerminalScreen(this.showStdin);
      this.applied = 0;
    }
    for (; this.applied < count; this.applied += 1) {
      const chunk = this.cast.chunks[this.applied];
      if (chunk !== undefined) this.screen.apply(chunk);
    }
    return this.screen.snapshot();
  }
}
