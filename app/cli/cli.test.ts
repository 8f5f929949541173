import { describe, expect, it } from 'vitest';
import { EXIT, runCli, USAGE } from './cli';

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('gatehouse CLI', () => {
  it('prints usage for --help and exits 0', () => {
    expect(run('--help')).toEqual({ code: EXIT.ok, out: USAGE, err: '' });
  });

  it('exits 2 on an unknown command, naming it on stderr', () => {
    const result = run('frobnicate');
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('unknown command "frobnicate"');
  });

  it('skips global option values when finding the command', () => {
    expect(run('--org', 'org.yaml', 'frobnicate').err).toContain('"frobnicate"');
  });

  it('exits 2 with usage when no command is given', () => {
    expect(run().code).toBe(EXIT.usage);
  });
});
