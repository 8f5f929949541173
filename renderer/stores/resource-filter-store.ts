/** What the resource list is narrowed to; kept apart from the data so typing never touches it. */
import { create } from 'zustand';

interface ResourceFilterStore {
  query: string;
  selectedTagIds: string[];
  setQuery: (query: string) => void;
  toggleTag: (id: string) => void;
  clear: () => void;
}

export const useResourceFilter = create<ResourceFilterStore>((set) => ({
  query: '',
  selectedTagIds: [],
  setQuery: (query) => set({ query }),
  toggleTag: (id) =>
    set((store) => ({
      selectedTagIds: store.selectedTagIds.includes(id)
        ? store.selectedTagIds.filter((selected) => selected !== id)
        : [...store.selectedTagIds, id],
    })),
  clear: () => set({ query: '', selectedTagIds: [] }),
}));
