/**
 * The replay's screen: recorded chunks applied in order to runs of text, each run from one stream.
 * A line-based model, not a terminal emulator: backspace erases, a bare carriage return restarts
 * the line, escape sequences are dropped.
 *
 * Keystrokes are shown once. A TTY echoes what is typed, so a stdin chunk is usually followed by the
 * same text on stdout; that echo is recognised and skipped, and the keystroke itself is shown styled
 * as stdin. Input that is not echoed (no TTY, passwords) is simply shown where it was typed.
 */
import type { CastChunk, CastStream } from './asciicast';
import { stripEscapes } from './terminal-text';

export interface ScreenRun {
  stream: CastStream;
  text: string;
}

const ERASE = new Set(['\b', '\x7f']);

/** What a TTY sends back for typed input: Enter becomes CR LF, Backspace becomes "\b \b". */
function expectedEcho(input: string): string {
  return input.replace(/\r/g, '\r\n').replace(/\x7f/g, '\b \b');
}

function commonPrefixLength(a: string, b: string): number {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return index;
}

export class TerminalScreen {
  private readonly runs: ScreenRun[] = [];
  private pendingEcho = '';
  /** A \r ended the last output chunk: a \n may follow in the next one (then it was a line end). */
  private carriageReturnPending = false;

  constructor(private readonly showStdin: boolean) {}

  apply(chunk: CastChunk): void {
    if (chunk.stream === 'stdin') this.applyInput(chunk.data);
    else this.applyOutput(chunk.stream, chunk.data);
  }

  /** A copy for rendering; the screen keeps mutating its own runs. */
  snapshot(): ScreenRun[] {
    return this.runs.map((run) => ({ ...run }));
  }

  private applyInput(data: string): void {
    if (!this.showStdin) return;
    this.pendingEcho += expectedEcho(data);
    for (const ch of stripEscapes(data)) {
      if (ch === '\r' || ch === '\n') this.append('stdin', '\n');
      else if (ERASE.has(ch)) this.erase();
      else if (ch >= ' ') this.append('stdin', ch);
    }
  }

  private applyOutput(stream: CastStream, raw: string): void {
    let data = raw;
    if (this.pendingEcho !== '') {
      const echoed = commonPrefixLength(data, this.pendingEcho);
      // All of the output was echo (more may come), or the echo ended here, or it was not an echo.
      this.pendingEcho = echoed === data.length ? this.pendingEcho.slice(echoed) : '';
      data = data.slice(echoed);
    }
    for (const ch of stripEscapes(data)) this.writeOutput(stream, ch);
  }

  private writeOutput(stream: CastStream, ch: string): void {
    if (this.carriageReturnPending) {
      this.carriageReturnPending = false;
      if (ch !== '\n') this.restartLine();
    }
    if (ch === '\r') this.carriageReturnPending = true;
    else if (ch === '\n') this.append(stream, '\n');
    else if (ERASE.has(ch)) this.erase();
    else if (ch >= ' ' || ch === '\t') this.append(stream, ch);
  }

  private append(stream: CastStream, text: string): void {
    const last = this.runs[this.runs.length - 1];
    if (last !== undefined && last.stream === stream) last.text += text;
    else this.runs.push({ stream, text });
  }

  /** Removes the last character of the current line, whichever run it is in. */
  private erase(): void {
    for (let last = this.runs[this.runs.length - 1]; last !== undefined; last = this.runs[this.runs.length - 1]) {
      if (last.text === '') {
        this.runs.pop();
        continue;
      }
      if (!last.text.endsWith('\n')) last.text = last.text.slice(0, -1);
      return;
    }
  }

  /** Removes everything after the last line break (a progress bar redrawing its line). */
  private restartLine(): void {
    for (let last = this.runs[this.runs.length - 1]; last !== undefined; last = this.runs[this.runs.length - 1]) {
      const newline = last.text.lastIndexOf('\n');
      if (newline >= 0) {
        last.text = last.text.slice(0, newline + 1);
        return;
      }
      this.runs.pop();
    }
  }
}
