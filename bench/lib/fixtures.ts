// The objects the bench needs in the cluster, created with the admin credential: a namespace of
// ~1 KB ConfigMaps for the large LIST, and an empty namespace whose changes the watches wait for.
// Idempotent, so a reused cluster (BENCH_CLUSTER_DIR) only gets what is missing.
import type { Api } from './api';

export const LIST_NAMESPACE = 'bench';
export const WATCH_NAMESPACE = 'bench-watch';

interface NameList {
  items: { metadata: { name: string } }[];
}

export async function ensureNamespace(api: Api, name: string): Promise<void> {
  await api.ensure('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** `count` ConfigMaps of about `bytes` each, created `parallel` at a time; returns how many were new. */
export async function ensureConfigMaps(api: Api, count: number, bytes: number, parallel: number): Promise<number> {
  await ensureNamespace(api, LIST_NAMESPACE);
  const existing = await api.json<NameList>(`/api/v1/namespaces/${LIST_NAMESPACE}/configmaps`);
  const have = new Set(existing.items.map((i) => i.metadata.name));
  const missing = Array.from({ length: count }, (_, i) => `cm-${String(i).padStart(5, '0')}`).filter(
    (n) => !have.has(n),
  );
  // Varied text, so the objects look like real data rather than one repeated byte.
  const filler = (i: number): string =>
    `${i}:`.concat('lorem ipsum dolor sit amet '.repeat(Math.ceil(bytes / 27))).slice(0, bytes);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < missing.length) {
      const i = next++;
      const name = missing[i]!;
      await api.ensure(`/api/v1/namespaces/${LIST_NAMESPACE}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: { app: 'gatehouse-bench' } },
        data: { payload: filler(i) },
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return missing.length;
}
