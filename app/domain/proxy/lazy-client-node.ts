// @kubernetes/client-node, loaded on first use. Importing any part of it loads its generated API
// models too (~55-70 MB of RSS, bench/ANALYSIS.md "idle RSS and start-up"), so the long-lived hosts
// load it only when a leased credential needs it (an exec plugin or an auth provider) or an admin
// tool calls a cluster (doctor, rbac, previews). A dynamic import of the package name stays a
// dynamic import in the esbuild and electron-vite bundles (packages are external there).
import type * as ClientNode from '@kubernetes/client-node';

export type ClientNodeModule = typeof ClientNode;

let loading: Promise<ClientNodeModule> | null = null;
let loaded: ClientNodeModule | null = null;

export function loadClientNode(): Promise<ClientNodeModule> {
  loading ??= import('@kubernetes/client-node').then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The module if something loaded it already, else null (then nothing made by it can exist yet). */
export function clientNodeIfLoaded(): ClientNodeModule | null {
  return loaded;
}
