// Cluster-admin API access for test setup (fixtures), through @kubernetes/client-node.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export function adminCoreApi(adminKubeconfig: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(adminKubeconfig);
  return kc.makeApiClient(CoreV1Api);
}

/** Makes sure the namespace holds at least `count` ConfigMaps named bulk-<i>, creating them `parallel` at a time. */
export async function ensureBulkConfigMaps(adminKubeconfig: string, namespace: string, count: number, parallel = 16): Promise<void> {
  const api = adminCoreApi(adminKubeconfig);
  try {
    await api.createNamespace({ body: { metadata: { name: namespace } } });
  } catch (err) {
    if ((err as { code?: number }).code !== 409) throw err;
  }
  const existing = await api.listNamespacedConfigMap({ namespace });
  const have = new Set(existing.items.map((c) => c.metadata?.name));
  const missing = Array.from({ length: count }, (_, i) => `bulk-${i}`).filter((n) => !have.has(n));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < missing.length) {
      const name = missing[next++]!;
      await api.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels: { bulk: 'true' } }, data: { index: name, filler: 'x'.repeat(200) } } });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
