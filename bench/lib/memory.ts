// Resident memory of another process, from /proc (Linux): VmRSS now and VmHWM, the peak so far.
import { readFileSync } from 'node:fs';

export interface Memory {
  rssMb: number;
  peakMb: number;
}

function field(status: string, name: string): number {
  const m = status.match(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm'));
  if (!m) throw new Error(`/proc status has no ${name}`);
  return Number(m[1]) / 1024;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: field(status, 'VmRSS'), peakMb: field(status, 'VmHWM') };
}
