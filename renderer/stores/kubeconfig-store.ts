/**
 * "Update kubectl configuration": always a dry run first (the person sees the diff), then the write
 * with exactly the same options. A refusal (entries with Gatehouse's names that Gatehouse does not
 * own) offers a forced preview, never a silent overwrite.
 */
import { create } from 'zustand';
import type { ApiError, KubeconfigUpdate, KubeconfigUpdateRequest } from '../../shared/api';
import { call } from '../api/gatehouse';

export type KubeconfigStep =
  | { step: 'closed' }
  | { step: 'previewing' }
  | { step: 'preview'; update: KubeconfigUpdate }
  | { step: 'writing'; update: KubeconfigUpdate }
  | { step: 'written'; update: KubeconfigUpdate }
  | { step: 'failed'; error: ApiError; during: 'preview' | 'write' };

interface KubeconfigStore {
  state: KubeconfigStep;
  /** Overwrite entries Gatehouse does not own (`--force`); only after a refusal. */
  force: boolean;
  /** Also make this context kubectl's current one; null leaves current-context alone. */
  useContext: string | null;
  /**
   * Gateway mode: contexts straight to the gateway with the `gatehouse credential` exec plugin
   * instead of the loopback listeners (SPEC §10). Offered only in gateway mode.
   */
  direct: boolean;
  open: () => void;
  close: () => void;
  preview: () => Promise<void>;
  write: () => Promise<void>;
  previewWithForce: () => Promise<void>;
  setUseContext: (context: string | null) => Promise<void>;
  setDirect: (direct: boolean) => Promise<void>;
}

export const useKubeconfig = create<KubeconfigStore>((set, get) => {
  /** Only the newest preview may land: options can change while one is running. */
  let previewGeneration = 0;

  function options(dryRun: boolean): KubeconfigUpdateRequest {
    const { force, useContext, direct } = get();
    return {
      dryRun,
      ...(force ? { force } : {}),
      ...(useContext !== null ? { useContext } : {}),
      ...(direct ? { direct } : {}),
    };
  }

  return {
    state: { step: 'closed' },
    force: false,
    useContext: null,
    direct: false,
    open: () => {
      set({ force: false, useContext: null, direct: false });
      void get().preview();
    },
    close: () => set({ state: { step: 'closed' } }),
    preview: async () => {
      const generation = ++previewGeneration;
      set({ state: { step: 'previewing' } });
      const result = await call('kubeconfig.update', options(true));
      if (generation !== previewGeneration || get().state.step !== 'previewing') return; // superseded or closed
      set({
        state: result.ok
          ? { step: 'preview', update: result.value }
          : { step: 'failed', error: result.error, during: 'preview' },
      });
    },
    write: async () => {
      const current = get().state;
      if (current.step !== 'preview') return;
      set({ state: { step: 'writing', update: current.update } });
      const result = await call('kubeconfig.update', options(false));
      set({
        state: result.ok
          ? { step: 'written', update: result.value }
          : { step: 'failed', error: result.error, during: 'write' },
      });
    },
    previewWithForce: async () => {
      set({ force: true });
      await get().preview();
    },
    setUseContext: async (context) => {
      set({ useContext: context });
      await get().preview();
    },
    setDirect: async (direct) => {
      // Other contexts are written then: what a refusal was about may not apply any more.
      set({ direct, force: false });
      await get().preview();
    },
  };
});
