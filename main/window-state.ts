import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserWindow } from 'electron';

export interface WindowState {
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export function loadWindowState(file: string, workArea: { width: number; height: number }): WindowState {
  const fallback: WindowState = { bounds: { width: Math.min(1180, workArea.width), height: Math.min(760, workArea.height) }, maximized: false };
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as WindowState;
    if (s.bounds.width >= 400 && s.bounds.height >= 300) return s;
  } catch {
    // first start, or a damaged file: the default size
  }
  return fallback;
}

export function trackWindowState(win: BrowserWindow, file: string): void {
  const save = (): void => {
    try {
      writeFileSync(file, JSON.stringify({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }), { mode: 0o600 });
    } catch {
      // not worth failing over
    }
  };
  win.on('close', save);
}
