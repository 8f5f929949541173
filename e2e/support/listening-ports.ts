// Which TCP ports a process listens on, from /proc (Linux): its socket inodes matched against the
// kernel's LISTEN entries. Lets a test say "one set of listeners" about real processes.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed between the listing and the read
    }
  }
  return inodes;
}

export function listeningPorts(pid: number): number[] {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT, st 0A is LISTEN, the inode is the tenth field.
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Processes whose environment has GATEHOUSE_HOME=home and whose command line contains `word`. */
export function gatehouseProcesses(home: string, word: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (env.includes(`GATEHOUSE_HOME=${home}`) && cmd.includes(word)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
