// What the numbers were measured on, for the header of RESULTS.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { KUBECTL } from './kubectl';

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  kubectl: string;
  os: string;
  /** 1-minute load average when the run started: other work on the machine skews wall-clock numbers. */
  loadAtStart: number;
}

function cpuModel(): string {
  const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
  return m?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

function kubectlVersion(): string {
  try {
    const out = JSON.parse(execFileSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as {
      clientVersion?: { gitVersion?: string };
    };
    return out.clientVersion?.gitVersion ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kubectl: kubectlVersion(),
    os: osName(),
    loadAtStart: loadavg()[0] ?? 0,
  };
}
