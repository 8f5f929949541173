// The targets of issue 3 §7 and issue 13, checked against one run's numbers.
import type { HostKind, HostsResult } from '../phases/idle-rss';
import { checkGatewayLoadTargets } from './gateway-load-report';
import type { LatencyResult } from './latency';
import { byLabel, COLUMN, type BenchResults } from './results';
import { checkWatchTargets } from './watch-memory-report';

export interface TargetCheck {
  target: string;
  measured: string;
  pass: boolean;
}

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);

export function checkTargets(r: BenchResults): TargetCheck[] {
  const direct = byLabel(r.get, COLUMN.direct);
  const gate = byLabel(r.get, COLUMN.gatehouse);
  const kproxy = byLabel(r.get, COLUMN.kubectlProxy);
  const listDirect = byLabel(r.list, COLUMN.direct);
  const listGate = byLabel(r.list, COLUMN.gatehouse);
  const checks: TargetCheck[] = [
    {
      target: 'small GET p50 ≤ 1.10× direct',
      measured: `${f2(gate.p50)} ms vs ${f2(direct.p50)} ms direct = ${f2(gate.p50 / direct.p50)}×`,
      pass: gate.p50 <= 1.1 * direct.p50,
    },
    {
      target: 'small GET p50 ≤ kubectl proxy',
      measured: `${f2(gate.p50)} ms vs ${f2(kproxy.p50)} ms kubectl proxy`,
      pass: gate.p50 <= kproxy.p50,
    },
    cpuPerGetCheck(gate, kproxy),
    {
      target: 'LIST throughput ≥ 0.9× direct',
      measured: `${f1(listGate.mbPerSecond)} MB/s vs ${f1(listDirect.mbPerSecond)} MB/s direct = ${f2(listGate.mbPerSecond / listDirect.mbPerSecond)}×`,
      pass: listGate.mbPerSecond >= 0.9 * listDirect.mbPerSecond,
    },
    trivialLargeCheck(r),
  ];
  if (r.watches) checks.push(...checkWatchTargets(r.watches));
  checks.push(...checkExecTargets(r));
  if (r.hosts) checks.push(...checkHostTargets(r.hosts));
  if (r.gatewayLoad) checks.push(...checkGatewayLoadTargets(r.gatewayLoad));
  return checks;
}

/** Issue 13: the proxy's CPU per small GET against the API server, within 1.25× kubectl proxy's. */
function cpuPerGetCheck(gate: LatencyResult, kproxy: LatencyResult): TargetCheck {
  const target = 'proxy CPU per small GET ≤ 1.25× kubectl proxy';
  if (gate.proxyCpuUs === null || kproxy.proxyCpuUs === null) {
    return { target, measured: 'not measured (no proxy process id)', pass: false };
  }
  const ratio = gate.proxyCpuUs / kproxy.proxyCpuUs;
  return {
    target,
    measured: `${gate.proxyCpuUs.toFixed(0)} µs vs ${kproxy.proxyCpuUs.toFixed(0)} µs kubectl proxy = ${f2(ratio)}×`,
    pass: ratio <= 1.25,
  };
}

/** Issue 13: the large body from the trivial upstream (the relay alone), at least 0.8× direct. */
function trivialLargeCheck(r: BenchResults): TargetCheck {
  const direct = byLabel(r.trivialLarge, COLUMN.direct);
  const gate = byLabel(r.trivialLarge, COLUMN.gatehouse);
  const ratio = gate.mbPerSecond / direct.mbPerSecond;
  return {
    target: 'trivial upstream large body ≥ 0.8× direct',
    measured: `${f1(gate.mbPerSecond)} MB/s vs ${f1(direct.mbPerSecond)} MB/s direct = ${f2(ratio)}×`,
    pass: ratio >= 0.8,
  };
}

/**
 * Exec through Gatehouse (recording on, as shipped), per protocol: issue 3's floor of 50 MB/s and
 * issue 13's 0.8× direct over the same protocol. A run that lost data fails both.
 */
function checkExecTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const e of r.exec.filter((x) => x.label === COLUMN.gatehouse)) {
    const lost = e.incomplete.length > 0 ? `; ${e.incomplete.length}/${e.runs} runs lost data` : '';
    const whole = e.incomplete.length === 0;
    checks.push({
      target: `exec throughput ≥ 50 MB/s (${e.protocol})`,
      measured: `${f1(e.mbPerSecond)} MB/s${lost}`,
      pass: e.mbPerSecond >= 50 && whole,
    });
    const direct = r.exec.find((x) => x.label === COLUMN.direct && x.protocol === e.protocol);
    if (direct) {
      const ratio = e.mbPerSecond / direct.mbPerSecond;
      checks.push({
        target: `exec throughput ≥ 0.8× direct (${e.protocol})`,
        measured: `${f1(e.mbPerSecond)} MB/s vs ${f1(direct.mbPerSecond)} MB/s direct = ${f2(ratio)}×${lost}`,
        pass: ratio >= 0.8 && whole,
      });
    }
  }
  return checks;
}

/** Issue 13: the desktop hosts' memory and start-up, for the measured checkout (the first build). */
export function checkHostTargets(h: HostsResult): TargetCheck[] {
  const build = h.builds[0]?.label;
  const rows = h.rows.filter((x) => x.build === build);
  const row = (host: HostKind) => rows.find((x) => x.host === host);
  const desktop = rows.filter((x) => x.host !== 'connect --foreground');
  const list = (value: (x: (typeof rows)[number]) => string): string =>
    desktop.map((x) => `${x.host} ${value(x)}`).join(', ');
  const checks: TargetCheck[] = [];
  if (desktop.length > 0) {
    checks.push(
      {
        target: 'desktop host idle RSS ≤ 80 MB (signed in, no connection)',
        measured: list((x) => `${f1(x.idleRssMb ?? Number.NaN)} MB`),
        pass: desktop.every((x) => x.idleRssMb !== null && x.idleRssMb <= 80),
      },
      {
        target: 'desktop host RSS ≤ 80 MB with one connected resource',
        measured: list((x) => `${f1(x.connectedRssMb)} MB`),
        pass: desktop.every((x) => x.connectedRssMb <= 80),
      },
    );
  }
  const foreground = row('connect --foreground');
  const agent = row('agent');
  const starts = [
    ...(foreground ? [{ what: 'connect --foreground', ms: foreground.warmStartMs }] : []),
    ...(agent?.connectMs != null ? [{ what: 'connect through the agent', ms: agent.connectMs }] : []),
  ];
  if (starts.length > 0) {
    checks.push({
      target: '`gatehouse connect` to listening ≤ 1 s warm',
      measured: starts.map((x) => `${x.what} ${x.ms.toFixed(0)} ms`).join(', '),
      pass: starts.every((x) => x.ms <= 1000),
    });
  }
  return checks;
}
