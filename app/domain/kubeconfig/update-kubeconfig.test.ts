// The writer on disk: modes, symlinks, the client-go lock, the single backup, read-only files,
// dry-run, and KUBECONFIG lists.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeconfigFileError, KubeconfigSyntaxError } from './errors';
import { resolveKubeconfigTarget } from './kubeconfig-target';
import { backupPathFor, updateKubeconfig, type UpdateKubeconfigRequest } from './update-kubeconfig';
import { desired, expectGatehouseEntries } from './testing/fixtures';

const TESTDATA = path.join(import.meta.dirname, 'testdata');
const entries = [desired('staging', 16400), desired('dev', 16401)];
const isRoot = process.getuid?.() === 0;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'gatehouse-writer-'));
}

function corpus(name: string): string {
  return readFileSync(path.join(TESTDATA, name), 'utf8');
}

async function update(file: string, extra: Partial<UpdateKubeconfigRequest> = {}, env: NodeJS.ProcessEnv = {}): ReturnType<typeof updateKubeconfig> {
  const target = await resolveKubeconfigTarget({ flag: extra.target ? undefined : file, env });
  return updateKubeconfig({ target, entries, lockTimeoutMs: 300, ...extra });
}

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('updateKubeconfig', () => {
  it('creates a missing file with mode 0600 in a new 0700 directory', async () => {
    const file = path.join(tempDir(), 'new', '.kube', 'config');
    const result = await update(file);
    expect(result).toMatchObject({ written: true, created: true, backup: undefined, added: ['staging', 'dev'] });
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(modeOf(path.dirname(path.dirname(file)))).toBe(0o700);
    expectGatehouseEntries(readFileSync(file, 'utf8'), entries);
    expect(readdirSync(path.dirname(file))).toEqual(['config']); // no lock, temp or backup left
  });

  it('makes a wider existing file and its backup owner-only (0644 → 0600), and says so', async () => {
    const file = path.join(tempDir(), 'config');
    const original = corpus('comments-everywhere.yaml');
    writeFileSync(file, original);
    chmodSync(file, 0o644);
    const first = await update(file);
    expect(first).toMatchObject({ written: true, created: false, backup: backupPathFor(file), tightened: { from: 0o644, to: 0o600 } });
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(backupPathFor(file), 'utf8')).toBe(original);
    expect(modeOf(backupPathFor(file))).toBe(0o600);

    const afterFirst = readFileSync(file, 'utf8');
    const second = await update(file, { entries: [entries[0] ?? desired('staging', 16400)] });
    expect(second.tightened).toBeUndefined(); // already private: nothing to report
    expect(readFileSync(backupPathFor(file), 'utf8')).toBe(afterFirst);
    expect(modeOf(backupPathFor(file))).toBe(0o600);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['config', 'config.gatehouse.bak']);
  });

  it('keeps an owner-only mode as it is (0600 and 0700), reporting nothing', async () => {
    for (const mode of [0o600, 0o700]) {
      const file = path.join(tempDir(), 'config');
      writeFileSync(file, corpus('kind-basic.yaml'));
      chmodSync(file, mode);
      const result = await update(file);
      expect(result).toMatchObject({ written: true, tightened: undefined });
      expect(modeOf(file)).toBe(mode);
      expect(modeOf(backupPathFor(file))).toBe(mode);
    }
  });

  it('narrows group and other bits but keeps the owner\'s (0750 → 0700, 0640 → 0600)', async () => {
    for (const [from, to] of [[0o750, 0o700], [0o640, 0o600], [0o666, 0o600]] as const) {
      const file = path.join(tempDir(), 'config');
      writeFileSync(file, corpus('kind-basic.yaml'));
      chmodSync(file, from);
      expect((await update(file)).tightened).toEqual({ from, to });
      expect(modeOf(file)).toBe(to);
      expect(modeOf(backupPathFor(file))).toBe(to);
    }
  });

  it('makes an up-to-date file with Gatehouse tokens and its old backup private without rewriting it', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, corpus('kind-basic.yaml'));
    await update(file);
    chmodSync(file, 0o644);
    chmodSync(backupPathFor(file), 0o644);
    const before = statSync(file);
    const result = await update(file);
    expect(result).toMatchObject({ written: false, diff: '', tightened: { from: 0o644, to: 0o600 } });
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(backupPathFor(file))).toBe(0o600);
    expect(statSync(file).ino).toBe(before.ino);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
  });

  it('keeps an up-to-date read-only file read-only while narrowing it (0444 → 0400)', async () => {
    const file = path.join(tempDir(), 'config');
    await update(file);
    chmodSync(file, 0o444);
    expect(await update(file)).toMatchObject({ written: false, tightened: { from: 0o444, to: 0o400 } });
    expect(modeOf(file)).toBe(0o400);
  });

  it('dry run reports the tightening it would make and changes no mode', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, corpus('kind-basic.yaml'));
    chmodSync(file, 0o644);
    const result = await update(file, { dryRun: true });
    expect(result).toMatchObject({ written: false, tightened: { from: 0o644, to: 0o600 } });
    expect(modeOf(file)).toBe(0o644);
  });

  it('leaves a wide file without Gatehouse entries alone when nothing changes', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, corpus('kind-basic.yaml'));
    chmodSync(file, 0o644);
    const result = await update(file, { entries: [] });
    expect(result).toMatchObject({ written: false, tightened: undefined });
    expect(modeOf(file)).toBe(0o644);
  });

  it('writes nothing when the file is already up to date', async () => {
    const file = path.join(tempDir(), 'config');
    await update(file); // created: nothing to back up
    const before = statSync(file);
    const result = await update(file);
    expect(result).toMatchObject({ written: false, diff: '', unchanged: ['staging', 'dev'] });
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
    expect(existsSync(backupPathFor(file))).toBe(false);
  });

  it('follows a symlink: the target gets the new content, the link stays a link', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'dotfiles', 'kubeconfig');
    mkdirSync(path.dirname(real));
    writeFileSync(real, corpus('kind-basic.yaml'), { mode: 0o600 });
    const link = path.join(dir, '.kube', 'config');
    mkdirSync(path.dirname(link));
    symlinkSync('../dotfiles/kubeconfig', link);
    const result = await update(link);
    expect(result).toMatchObject({ file: real, written: true, backup: backupPathFor(real) });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('../dotfiles/kubeconfig');
    expectGatehouseEntries(readFileSync(link, 'utf8'), entries);
    expect(readdirSync(path.dirname(link))).toEqual(['config']);
  });

  it('writes through a dangling symlink, creating its target', async () => {
    const dir = tempDir();
    const link = path.join(dir, 'config');
    symlinkSync('elsewhere/kubeconfig', link);
    await update(link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(modeOf(path.join(dir, 'elsewhere', 'kubeconfig'))).toBe(0o600);
  });

  it('waits for a held <file>.lock, then fails naming it, leaving the file and the lock alone', async () => {
    const file = path.join(tempDir(), 'config');
    const original = corpus('kind-basic.yaml');
    writeFileSync(file, original);
    writeFileSync(`${file}.lock`, '');
    const started = Date.now();
    const failure = update(file);
    await expect(failure).rejects.toThrow(KubeconfigFileError);
    await expect(failure).rejects.toThrow(`${file}.lock: the kubeconfig is locked by another program`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(existsSync(`${file}.lock`)).toBe(true);
    expect(existsSync(backupPathFor(file))).toBe(false);
  });

  it('goes ahead once the lock is released, and releases its own', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, corpus('kind-basic.yaml'));
    writeFileSync(`${file}.lock`, '');
    setTimeout(() => unlinkSync(`${file}.lock`), 100);
    const result = await update(file, { lockTimeoutMs: 3000 });
    expect(result.written).toBe(true);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('holds the lock of the configured path (what kubectl locks) for a symlinked file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'real'), corpus('kind-basic.yaml'));
    symlinkSync('real', path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'config.lock'), '');
    await expect(update(path.join(dir, 'config'))).rejects.toThrow(`${path.join(dir, 'config.lock')}:`);
    unlinkSync(path.join(dir, 'config.lock'));
    writeFileSync(path.join(dir, 'real.lock'), '');
    await expect(update(path.join(dir, 'config'))).rejects.toThrow(`${path.join(dir, 'real.lock')}:`);
  });

  it('refuses a read-only file and leaves it unchanged', async () => {
    const file = path.join(tempDir(), 'config');
    const original = corpus('kind-basic.yaml');
    writeFileSync(file, original);
    chmodSync(file, 0o444);
    await expect(update(file)).rejects.toThrow(`${file}: is read-only (mode 0444)`);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(readdirSync(path.dirname(file))).toEqual(['config']);
  });

  it('refuses a file in a read-only directory and leaves it unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config');
    const original = corpus('kind-basic.yaml');
    writeFileSync(file, original);
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
    await expect(update(file)).rejects.toThrow(`its directory ${dir} is read-only`);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('reports invalid YAML with file:line:col and touches nothing', async () => {
    const file = path.join(tempDir(), 'config');
    const original = corpus('invalid-yaml.yaml');
    writeFileSync(file, original);
    const failure = update(file);
    await expect(failure).rejects.toThrow(KubeconfigSyntaxError);
    await expect(failure).rejects.toThrow(new RegExp(`^${file}:7:\\d+: invalid YAML: `));
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(readdirSync(path.dirname(file))).toEqual(['config']);
  });

  it('reports a path that cannot be read as a file', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'config'));
    await expect(update(path.join(dir, 'config'))).rejects.toThrow(`${path.join(dir, 'config')}: is a directory, not a kubeconfig file`);
  });

  it.skipIf(isRoot)('reports an unreadable file', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, 'apiVersion: v1\n');
    chmodSync(file, 0o200);
    await expect(update(file)).rejects.toThrow(`${file}: cannot be read: permission denied`);
  });

  it('refuses bytes that are not UTF-8 instead of mangling them', async () => {
    const file = path.join(tempDir(), 'config');
    writeFileSync(file, Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    await expect(update(file)).rejects.toThrow(/not valid UTF-8/);
  });

  it('--dry-run returns the diff and writes nothing, not even a missing file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config');
    const original = corpus('eks-exec.yaml');
    writeFileSync(file, original);
    const before = statSync(file);
    const result = await update(file, { dryRun: true });
    expect(result.written).toBe(false);
    expect(result.diff).toMatch(new RegExp(`^--- ${file}\n\\+\\+\\+ ${file}\n@@ `));
    expect(result.diff).toContain('+- name: gatehouse-staging\n');
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(dir)).toEqual(['config']);

    const missing = path.join(dir, 'sub', 'config');
    const created = await update(missing, { dryRun: true });
    expect(created).toMatchObject({ created: true, written: false });
    expect(created.diff.startsWith(`--- /dev/null\n+++ ${missing}\n@@ -0,0 +1,`)).toBe(true);
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  it('writes the first KUBECONFIG file and leaves the others alone', async () => {
    const dir = tempDir();
    const first = path.join(dir, 'a.yaml');
    const second = path.join(dir, 'b.yaml');
    writeFileSync(first, corpus('multi-a.yaml'));
    writeFileSync(second, corpus('multi-b.yaml'));
    const target = await resolveKubeconfigTarget({ env: { KUBECONFIG: [first, second].join(path.delimiter) } });
    await updateKubeconfig({ target, entries });
    expectGatehouseEntries(readFileSync(first, 'utf8'), entries);
    expect(readFileSync(second, 'utf8')).toBe(corpus('multi-b.yaml'));
  });
});
