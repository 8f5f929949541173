// A program the demo runs and stops: started through lifeline.mjs in its own process group, so a
// Ctrl-C in the terminal reaches only the demo, which stops everything in order, and a demo that
// dies any other way still takes it along (its stdin lifeline closes). Its stdout and stderr go to
// a log file in the demo directory — the gateway's audit lines among them — and its stdout lines
// can be awaited.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const LIFELINE = fileURLToPath(new URL('./lifeline.mjs', import.meta.url));

export interface Supervised {
  name: string;
  /** The lifeline's pid (the program is its only child). */
  pid: number;
  logFile: string;
  /** Resolves with the first stdout line, from now on, that `pattern` matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Calls `listener` with every later stdout line; returns the unsubscribe. */
  onLine(listener: (line: string) => void): () => void;
  /** Resolves with the exit code once it has ended. */
  exited: Promise<number | null>;
  running(): boolean;
  /** SIGTERM (the lifeline passes it on once, and SIGKILLs after 15 s), then the exit code. */
  stop(): Promise<number | null>;
}

export function startSupervised(opts: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}): Supervised {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    process.execPath,
    [LIFELINE, opts.command, ...opts.args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env,
      detached: true,
    },
  );
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    log.write(`${line}\n`);
    for (const listener of [...listeners]) listener(line);
  });
  child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
  let ended = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      ended = true;
      resolve(code);
    }),
  );
  // The log closes once both streams have ended (after the exit).
  child.once('close', () => log.end());

  const onLine = (listener: (line: string) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  return {
    name: opts.name,
    pid: child.pid ?? -1,
    logFile: opts.logFile,
    onLine,
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = (): void => {
          off();
          clearTimeout(timer);
        };
        const off = onLine((line) => {
          const match = pattern.exec(line);
          if (match) {
            done();
            resolve(match);
          }
        });
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${opts.name} did not print ${pattern} within ${timeoutMs / 1000} s (see ${opts.logFile})`));
        }, timeoutMs);
        void exited.then((code) => {
          done();
          reject(new Error(`${opts.name} exited with code ${code} (see ${opts.logFile})`));
        });
      }),
    exited,
    running: () => !ended,
    async stop() {
      if (!ended) child.kill('SIGTERM');
      return exited;
    },
  };
}
