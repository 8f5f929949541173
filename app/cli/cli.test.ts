import { describe, expect, it } from 'vitest';
import { EXIT, runCli, USAGE } from './cli';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('gatehouse CLI', () => {
  it('prints usage for --help and exits 0', async () => {
    expect(await run('--help')).toEqual({ code: EXIT.ok, out: USAGE, err: '' });
  });

  it('exits 2 on an unknown command, naming it on stderr', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('unknown command "frobnicate"');
  });

  it('skips global option values when finding the command', async () => {
    expect((await run('--org', 'org.yaml', 'frobnicate')).err).toContain('"frobnicate"');
  });

  it('exits 2 with usage when no command is given', async () => {
    expect((await run()).code).toBe(EXIT.usage);
  });
});
