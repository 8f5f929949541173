// The targets of issue 3 §7, checked against one run's numbers.
import { byLabel, COLUMN, type BenchResults } from './results';

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
  const watches = byLabel(r.watches, COLUMN.gatehouse);
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
    {
      target: 'LIST throughput ≥ 0.9× direct',
      measured: `${f1(listGate.mbPerSecond)} MB/s vs ${f1(listDirect.mbPerSecond)} MB/s direct = ${f2(listGate.mbPerSecond / listDirect.mbPerSecond)}×`,
      pass: listGate.mbPerSecond >= 0.9 * listDirect.mbPerSecond,
    },
    {
      target: `${watches.count} watches in ≤ 150 MB RSS (proxy process)`,
      measured: `${f1(watches.withWatches.rssMb)} MB RSS (peak ${f1(watches.withWatches.peakMb)} MB)`,
      pass: watches.withWatches.rssMb <= 150,
    },
  ];
  for (const e of r.exec.filter((x) => x.label === COLUMN.gatehouse)) {
    const lost = e.incomplete.length > 0 ? `; ${e.incomplete.length}/${e.runs} runs lost data` : '';
    checks.push({
      target: `exec throughput ≥ 50 MB/s (${e.protocol})`,
      measured: `${f1(e.mbPerSecond)} MB/s${lost}`,
      pass: e.mbPerSecond >= 50 && e.incomplete.length === 0,
    });
  }
  return checks;
}
