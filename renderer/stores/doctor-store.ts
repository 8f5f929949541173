/** Cluster checks per resource, run on demand from the resource detail (they talk to the cluster). */
import { create } from 'zustand';
import type { ResourceDoctorReport } from '../../shared/admin';
import { call } from '../api/gatehouse';
import type { Loadable } from '../api/loadable';

interface DoctorStore {
  reports: Readonly<Record<string, Loadable<ResourceDoctorReport> | undefined>>;
  run: (name: string) => Promise<void>;
}

export const useDoctor = create<DoctorStore>((set, get) => ({
  reports: {},
  run: async (name) => {
    const previous = get().reports[name];
    const kept = previous?.status === 'ready' ? previous.value : null;
    set((store) => ({ reports: { ...store.reports, [name]: { status: 'loading', previous: kept } } }));
    const result = await call('admin.doctor', { names: [name] });
    let next: Loadable<ResourceDoctorReport>;
    if (!result.ok) {
      next = { status: 'failed', error: result.error };
    } else {
      const report = result.value.resources.find((candidate) => candidate.name === name);
      next =
        report === undefined
          ? { status: 'failed', error: { code: 'not-found', message: `The checks returned no report for ${name}.` } }
          : { status: 'ready', value: report };
    }
    set((store) => ({ reports: { ...store.reports, [name]: next } }));
  },
}));
