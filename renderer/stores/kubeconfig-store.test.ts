// "Update kubectl configuration" against a fake window.gatehouse: a dry run first, the write with
// exactly the previewed options, a refusal that offers force (never a silent overwrite), and a
// preview superseded by a newer one or by closing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeconfigUpdate } from '../../shared/api';
import { FakeGatehouse, fakeWindow, resettable, resetStores, settled } from './fake-gatehouse.test-support';
import { useKubeconfig } from './kubeconfig-store';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(resettable(useKubeconfig));
});
afterEach(() => vi.unstubAllGlobals());

const update = (diff: string, written: boolean): KubeconfigUpdate => ({
  file: '/home/a/.kube/config',
  diff,
  added: ['gatehouse-dev'],
  updated: [],
  removed: [],
  unchanged: [],
  link: null,
  backup: written ? '/home/a/.kube/config.bak' : null,
  written,
  created: false,
  tightened: null,
});

describe('kubeconfig store', () => {
  it('opens with a dry run; writes with the same options; shows what was written', async () => {
    useKubeconfig.getState().open();
    expect(api.made()).toEqual([{ channel: 'kubeconfig.update', request: { dryRun: true } }]);
    await api.answer('kubeconfig.update', update('+ gatehouse-dev', false));
    expect(useKubeconfig.getState().state).toEqual({ step: 'preview', update: update('+ gatehouse-dev', false) });

    void useKubeconfig.getState().setUseContext('gatehouse-dev');
    await api.answer('kubeconfig.update', update('+ gatehouse-dev\n+ current-context', false));
    void useKubeconfig.getState().write();
    expect(api.made().slice(1)).toEqual([
      { channel: 'kubeconfig.update', request: { dryRun: true, useContext: 'gatehouse-dev' } },
      { channel: 'kubeconfig.update', request: { dryRun: false, useContext: 'gatehouse-dev' } },
    ]);
    expect(useKubeconfig.getState().state.step).toBe('writing');
    await api.answer('kubeconfig.update', update('+ gatehouse-dev\n+ current-context', true));
    expect(useKubeconfig.getState().state).toEqual({
      step: 'written',
      update: update('+ gatehouse-dev\n+ current-context', true),
    });
  });

  it('a refused preview offers force; the forced preview and its write carry force', async () => {
    useKubeconfig.getState().open();
    await api.fail('kubeconfig.update', 'refused', 'context gatehouse-dev exists and is not Gatehouse’s');
    expect(useKubeconfig.getState().state).toEqual({
      step: 'failed',
      during: 'preview',
      error: { code: 'refused', message: 'context gatehouse-dev exists and is not Gatehouse’s' },
    });
    void useKubeconfig.getState().previewWithForce();
    await api.answer('kubeconfig.update', update('~ gatehouse-dev', false));
    void useKubeconfig.getState().write();
    expect(api.made().slice(1)).toEqual([
      { channel: 'kubeconfig.update', request: { dryRun: true, force: true } },
      { channel: 'kubeconfig.update', request: { dryRun: false, force: true } },
    ]);
    // Opening again starts without force.
    useKubeconfig.getState().open();
    expect(api.made().at(-1)).toEqual({ channel: 'kubeconfig.update', request: { dryRun: true } });
  });

  it('gateway mode’s direct switch: previewed and written with direct; a refusal’s force does not carry over; reopening starts without it', async () => {
    useKubeconfig.getState().open();
    await api.fail('kubeconfig.update', 'refused', 'context gatehouse-dev exists and is not Gatehouse’s');
    void useKubeconfig.getState().previewWithForce();
    await api.answer('kubeconfig.update', update('~ gatehouse-dev', false));
    void useKubeconfig.getState().setDirect(true);
    expect(useKubeconfig.getState()).toMatchObject({ direct: true, force: false, state: { step: 'previewing' } });
    await api.answer('kubeconfig.update', update('+ exec: gatehouse credential', false));
    void useKubeconfig.getState().write();
    expect(api.made().slice(2)).toEqual([
      { channel: 'kubeconfig.update', request: { dryRun: true, direct: true } },
      { channel: 'kubeconfig.update', request: { dryRun: false, direct: true } },
    ]);
    await api.answer('kubeconfig.update', update('+ exec: gatehouse credential', true));
    useKubeconfig.getState().open();
    expect(useKubeconfig.getState().direct).toBe(false);
    expect(api.made().at(-1)).toEqual({ channel: 'kubeconfig.update', request: { dryRun: true } });
  });

  it('write does nothing without a preview on screen', async () => {
    await useKubeconfig.getState().write();
    expect(api.made()).toEqual([]);
  });

  it('an older preview answered last, or one answered after closing, is dropped', async () => {
    useKubeconfig.getState().open();
    void useKubeconfig.getState().setUseContext('gatehouse-dev');
    const [older, newer] = [api.take('kubeconfig.update'), api.take('kubeconfig.update')];
    newer.answer({ ok: true, value: update('newer', false) });
    older.answer({ ok: true, value: update('older', false) });
    await settled();
    expect(useKubeconfig.getState().state).toEqual({ step: 'preview', update: update('newer', false) });

    void useKubeconfig.getState().preview();
    useKubeconfig.getState().close();
    await api.answer('kubeconfig.update', update('late', false));
    expect(useKubeconfig.getState().state).toEqual({ step: 'closed' });
  });
});
