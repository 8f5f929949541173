// Which file is written: --kubeconfig, else the first KUBECONFIG entry, else ~/.kube/config; links followed.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredKubeconfigPath, followSymlinks, resolveKubeconfigTarget } from './kubeconfig-target';

const home = '/home/alice';
const cwd = '/work/project';

describe('configuredKubeconfigPath', () => {
  it('takes --kubeconfig first, relative to the working directory', () => {
    expect(configuredKubeconfigPath({ flag: 'k.yaml', env: { KUBECONFIG: '/a' }, home, cwd })).toEqual({ path: '/work/project/k.yaml', source: 'flag' });
  });

  it('takes the first non-empty KUBECONFIG entry', () => {
    const list = ['', '/etc/k8s/first', '/etc/k8s/second'].join(path.delimiter);
    expect(configuredKubeconfigPath({ env: { KUBECONFIG: list }, home, cwd })).toEqual({ path: '/etc/k8s/first', source: 'KUBECONFIG' });
  });

  it('falls back to ~/.kube/config, also for an empty KUBECONFIG', () => {
    expect(configuredKubeconfigPath({ env: {}, home, cwd }).path).toBe('/home/alice/.kube/config');
    expect(configuredKubeconfigPath({ env: { KUBECONFIG: path.delimiter }, home, cwd })).toEqual({ path: '/home/alice/.kube/config', source: 'default' });
    expect(configuredKubeconfigPath({ env: { HOME: '/home/bob' }, cwd }).path).toBe('/home/bob/.kube/config');
  });
});

describe('followSymlinks', () => {
  it('follows a chain of relative and absolute links, and a dangling one to its missing target', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-target-'));
    writeFileSync(path.join(dir, 'real'), 'x');
    symlinkSync('real', path.join(dir, 'one'));
    symlinkSync(path.join(dir, 'one'), path.join(dir, 'two'));
    symlinkSync('nowhere/config', path.join(dir, 'dangling'));
    expect(await followSymlinks(path.join(dir, 'two'))).toBe(path.join(dir, 'real'));
    expect(await followSymlinks(path.join(dir, 'dangling'))).toBe(path.join(dir, 'nowhere', 'config'));
    expect(await followSymlinks(path.join(dir, 'missing'))).toBe(path.join(dir, 'missing'));
  });

  it('gives up on a link loop with a clear error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-target-'));
    symlinkSync('b', path.join(dir, 'a'));
    symlinkSync('a', path.join(dir, 'b'));
    await expect(followSymlinks(path.join(dir, 'a'))).rejects.toThrow(/too many levels of symbolic links/);
  });

  it('resolveKubeconfigTarget keeps the configured path next to the file it leads to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-target-'));
    writeFileSync(path.join(dir, 'real'), 'x');
    symlinkSync('real', path.join(dir, 'config'));
    expect(await resolveKubeconfigTarget({ env: { KUBECONFIG: path.join(dir, 'config') } })).toEqual({
      path: path.join(dir, 'config'),
      file: path.join(dir, 'real'),
      source: 'KUBECONFIG',
    });
  });
});
