// How many established TCP connections a process holds to a given port, from /proc (Linux): its
// socket file descriptors matched against the kernel's TCP table. It tells whether a proxy
// multiplexes its upstream (a few HTTP/2 connections) or holds one connection per request.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const ESTABLISHED = '01';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const m = target.match(/^socket:\[(\d+)\]$/);
    if (m) inodes.add(m[1]!);
  }
  return inodes;
}

/** Established connections of `pid` whose remote end is `port` (IPv4 and IPv6). */
export function connectionsTo(pid: number, port: number): number {
  const inodes = socketInodes(pid);
  let count = 0;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue; // no IPv6 on this machine
    }
    // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== ESTABLISHED || !inodes.has(cols[9]!)) continue;
      const remotePort = parseInt(cols[2]!.split(':')[1] ?? '', 16);
      if (remotePort === port) count++;
    }
  }
  return count;
}
