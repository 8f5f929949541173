/**
 * How the renderer is connected to the backend. In Electron the preload is always there; in browser
 * mode the websocket can drop (the CLI was stopped, the laptop slept), and the UI shows a banner.
 */
import { create } from 'zustand';

export type BridgeState =
  /** Electron IPC, or an open websocket. */
  | { kind: 'open' }
  /** The first websocket connection is being made. */
  | { kind: 'connecting' }
  /** The websocket dropped (or never opened); the next attempt is scheduled. */
  | { kind: 'waiting'; retryAt: number; attempt: number; everConnected: boolean }
  /** Browser mode: this tab has no session (its link was used, unknown or missing); retrying cannot help. */
  | { kind: 'refused'; message: string };

interface BridgeStatusStore {
  state: BridgeState;
  /** Bumped each time a dropped connection comes back, so screens can re-read what they missed. */
  reconnections: number;
  /** Set by the bridge: try again now instead of waiting for the backoff. */
  retryNow: () => void;
}

export const useBridgeStatus = create<BridgeStatusStore>(() => ({
  state: { kind: 'open' },
  reconnections: 0,
  retryNow: () => undefined,
}));
