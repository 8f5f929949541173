/** Cluster checks per resource, run on demand from the resource detail (they talk to the cluster). */
import { create } from 'zustand';
import type { ResourceDoctorReport } from '../../shared/admin';
import { call } from '../api/gatehouse';
import { LoadFailure, loadSlot, type LoadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';

interface DoctorStore {
  reports: Readonly<Record<string, Loadable<ResourceDoctorReport> | undefined>>;
  run: (name: string) => Promise<void>;
}

export const useDoctor = create<DoctorStore>((set, get) => {
  /** One slot per resource: running one resource's checks again drops its older run, not another's. */
  const slots = new Map<string, LoadSlot<ResourceDoctorReport>>();
  function slotOf(name: string): LoadSlot<ResourceDoctorReport> {
    let slot = slots.get(name);
    if (slot === undefined) {
      slot = loadSlot(
        () => get().reports[name] ?? IDLE,
        (next) => set((store) => ({ reports: { ...store.reports, [name]: next } })),
      );
      slots.set(name, slot);
    }
    return slot;
  }

  return {
    reports: {},
    run: (name) =>
      slotOf(name).load(
        () => call('admin.doctor', { names: [name] }),
        (value) =>
          value.resources.find((candidate) => candidate.name === name) ??
          new LoadFailure({ code: 'not-found', message: `The checks returned no report for ${name}.` }),
      ),
  };
});
