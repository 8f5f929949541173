// The test cluster's own process (e2e/cluster: kube-apiserver, etcd and the fake kubelet in one Go
// binary), found by its `--dir` argument, so a phase can say how much of the machine the API server
// took beside the proxies. Null when it is not on this machine's /proc (then nothing is reported).
import { readdirSync, readFileSync } from 'node:fs';

export function clusterPid(clusterDir: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const at = argv.indexOf('--dir');
    if (at > 0 && argv[at + 1] === clusterDir && argv[0]!.endsWith('/cluster')) return Number(entry);
  }
  return null;
}
