/** Short-lived messages that are not tied to one screen, e.g. a connection that dropped by itself. */
import { create } from 'zustand';

export type NoticeTone = 'info' | 'success' | 'warning' | 'danger';

export interface Notice {
  id: number;
  tone: NoticeTone;
  title: string;
  detail: string | null;
}

interface NoticesStore {
  notices: Notice[];
  show: (tone: NoticeTone, title: string, detail?: string | null) => void;
  dismiss: (id: number) => void;
}

const MAX_VISIBLE = 4;
const AUTO_DISMISS_MS = 8000;
let nextId = 1;

export const useNotices = create<NoticesStore>((set, get) => ({
  notices: [],
  show: (tone, title, detail = null) => {
    const notice: Notice = { id: nextId++, tone, title, detail };
    set((store) => ({ notices: [...store.notices, notice].slice(-MAX_VISIBLE) }));
    // Problems stay until dismissed: someone away from the screen must still see them.
    if (tone === 'info' || tone === 'success') window.setTimeout(() => get().dismiss(notice.id), AUTO_DISMISS_MS);
  },
  dismiss: (id) => set((store) => ({ notices: store.notices.filter((notice) => notice.id !== id) })),
}));
