// Long-running helper processes of the bench (Gatehouse, kubectl proxy, the trivial upstream):
// started, awaited until they print the line that says they are ready, stopped by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  pid: number;
  /** The capture groups of the ready line. */
  ready: RegExpMatchArray;
  stop(): Promise<void>;
}

export interface ChildOptions {
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A line on stdout (or stderr) that says the process is ready. */
  ready: RegExp;
  /** Sees every line the process prints (e.g. to time one before the ready line). */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

export async function startChild(opts: ChildOptions): Promise<Child> {
  const child: ChildProcess = spawn(opts.command, [...opts.args], {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${opts.command} not ready after ${opts.timeoutMs ?? 30_000} ms:\n${output.join('\n')}`)),
      opts.timeoutMs ?? 30_000,
    );
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        opts.onLine?.(line);
        const m = line.match(opts.ready);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      });
    }
    child.once('error', (err) => reject(err));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${opts.command} exited before it was ready:\n${output.join('\n')}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${opts.command}: no pid`);
  return {
    pid,
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
