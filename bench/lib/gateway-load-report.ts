// The gateway load phase (bench/phases/gateway-load.ts) in RESULTS.md: its section and its targets.
import { DIRECT_LABEL, GATEWAY_LABEL, KUBECTL_PROXY_LABEL, type GatewayLoadResult } from '../phases/gateway-load';
import type { PeopleLoadResult } from './people-load';
import type { SaturationResult } from './saturation';

export interface GatewayLoadCheck {
  target: string;
  measured: string;
  pass: boolean;
}

const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const gatewaySaturation = (g: GatewayLoadResult): SaturationResult | undefined =>
  g.saturation.find((s) => s.label.startsWith(GATEWAY_LABEL));
const kubectlSaturation = (g: GatewayLoadResult): SaturationResult | undefined =>
  g.saturation.find((s) => s.label === KUBECTL_PROXY_LABEL);

export function checkGatewayLoadTargets(g: GatewayLoadResult): GatewayLoadCheck[] {
  const { gateway, direct } = g;
  const seconds = Math.round(gateway.durationMs / 1000);
  const checks: GatewayLoadCheck[] = [
    {
      target: `gateway load: 0 errors (${g.people} people, ${g.replicas} replicas, ${seconds} s)`,
      measured:
        `${gateway.errorCount} errors, ${gateway.gets}/${gateway.scheduled} GETs answered 200, ` +
        `${gateway.watchesOpen}/${g.people} watches live to the end` +
        (gateway.errors.length > 0 ? ` (${gateway.errors.map((e) => `${e.what}: ${e.count}`).join(', ')})` : ''),
      pass: gateway.errorCount === 0 && gateway.fanoutMs !== null,
    },
    {
      target: "gateway load: p99 GET ≤ 2× direct's p99 under the same load",
      measured: `${f1(gateway.latency.p99)} ms vs ${f1(direct.latency.p99)} ms direct = ${f2(gateway.latency.p99 / direct.latency.p99)}×`,
      pass: gateway.latency.p99 <= 2 * direct.latency.p99,
    },
  ];
  const gw = gatewaySaturation(g);
  const kp = kubectlSaturation(g);
  if (gw && kp) {
    checks.push({
      target: "gateway saturation: small GETs per second per core (one replica) ≥ kubectl proxy's",
      measured:
        `${f0(gw.peak.getsPerCpuSecond)} vs ${f0(kp.peak.getsPerCpuSecond)} per CPU-second = ` +
        `${f2(gw.peak.getsPerCpuSecond / kp.peak.getsPerCpuSecond)}× (at ${f0(gw.peak.getsPerSecond)} and ${f0(kp.peak.getsPerSecond)} GET/s)`,
      pass: gw.peak.getsPerCpuSecond >= kp.peak.getsPerCpuSecond,
    });
  }
  return checks;
}

function loadRow(r: PeopleLoadResult): string[] {
  return [
    r.label,
    `${r.gets}/${r.scheduled}`,
    String(r.errorCount),
    f2(r.latency.p50),
    f2(r.latency.p99),
    f2(r.latency.p999),
    f1(r.latency.max),
    f2(r.sentP99),
    String(r.lateStarts),
    `${r.worstBySecond.filter((ms) => ms > 100).length}/${r.worstBySecond.length}`,
    `${r.watchesOpen}/${r.people}`,
    r.fanoutMs === null ? 'not all' : f0(r.fanoutMs),
    `${f1(r.load[0])} → ${f1(r.load[1])}`,
  ];
}

function usageRows(r: PeopleLoadResult, replicas: number): string[][] {
  const perGet = (cpuMs: number, share: number): string => f0((cpuMs * 1000) / (r.gets * share));
  return [
    ...r.usage.map((u) => {
      // The replicas serve the people in turns (person i on replica i mod N), so each served 1/N of the GETs.
      const replica = u.label.startsWith(`${GATEWAY_LABEL}-`);
      return [
        r.label,
        u.label,
        f2(u.cores),
        // In the direct turns the replicas serve no GETs.
        replica && r.label !== GATEWAY_LABEL ? '–' : perGet(u.cpuMs, replica ? 1 / replicas : 1),
        f1(u.rssStartMb),
        f1(u.rssMeanMb),
        f1(u.rssMaxMb),
        f1(u.rssEndMb),
        f1(u.peakMb),
      ];
    }),
    [
      r.label,
      'bench client (load generator)',
      f2(r.clientCpuMs / r.durationMs),
      perGet(r.clientCpuMs, 1),
      '',
      '',
      '',
      '',
      '',
    ],
  ];
}

function saturationRows(s: SaturationResult): string[][] {
  return s.steps.map((x) => [
    s.label,
    String(x.concurrency),
    f0(x.getsPerSecond),
    f2(x.cores),
    x === s.peak ? `**${f0(x.getsPerCpuSecond)}**` : f0(x.getsPerCpuSecond),
    f2(x.p50),
    f2(x.p99),
    String(x.errors),
  ]);
}

export function gatewayLoadSection(g: GatewayLoadResult, heading = '## 7. Gateway load'): string {
  const seconds = Math.round(g.gateway.durationMs / 1000);
  const interval = g.gateway.intervalMs / 1000;
  return `${heading}

${g.people} people, each with their own ID token from the test OpenID provider (a real code + PKCE sign-in per
person, ${f1(g.signInMs / 1000)} s for all), are users of a copy of the demo org with the role "${g.role}" (groups sent:
\`${g.groups.join('`, `')}\`). Each person holds one watch (\`GET ${g.watchPath}\`, its own connection) and
makes one small GET (\`GET ${g.getPath}\`) every ${interval} s on a keep-alive connection of their own, for ${seconds} s:
${g.people} watches and ${f0(g.people / interval)} GET/s in all, the people's GETs offset evenly over the second. The crowd
goes **${GATEWAY_LABEL}**: to ${g.replicas} \`gatehouse gateway\` replicas (separate processes, one config; person
i on replica i mod ${g.replicas}) at \`/k8s/${g.resource}/…\` with the bearer ID token, which each replica verifies
per request; **${DIRECT_LABEL}**: the same crowd straight to the API server with the leased credential and each
person's Impersonate-* headers. Every person holds a watch each way for the whole run (so the API server holds
${g.people * 2} watches, ${g.people} of them through the replicas), and the crowd's GETs take turns: ${f0(g.sliceMs / 1000)} s all direct, ${f0(g.sliceMs / 1000)} s
all through the gateway, and so on, ${seconds} s each way, so background load on this shared machine falls on both
alike. Latency is from when a GET was due to the end of
its body (open loop: a slow answer that delays the person's next GET counts again there); "p99 from send" leaves
out that wait. A GET that left more than 50 ms after it was due is a "late start" (the person's previous GET, or a
busy client). At the end one ConfigMap is created and every watch must see its event. The replicas
${g.bundled ? 'ran the bundle (out/cli)' : 'ran **the sources through tsx** (out/cli was stale): not what ships'}${g.nodeOptions ? `, with NODE_OPTIONS=\`${g.nodeOptions}\`` : ''}.

${table(
  [
    'path',
    'GETs 200',
    'errors',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'max ms',
    'p99 from send ms',
    'late starts',
    'seconds with a GET > 100 ms',
    'watches live',
    'event reached all ms',
    'load avg (1 min)',
  ],
  [loadRow(g.direct), loadRow(g.gateway)],
)}
${errorList(g)}
As the replicas timed the same ${g.insideReplicas.count} GETs (their audit lines' \`durationMs\`: from the request parsed to the
response sent, the API server's answer included): p50 ${f2(g.insideReplicas.p50)} ms, p99 ${f2(g.insideReplicas.p99)} ms. The rest
of the crowd's latency is spent before a replica reads the request or after it has written the answer (its event loop
busy, TLS, the sockets, the client).

Processes during each way's turns (${seconds} s each): CPU as cores (1.00 = one core busy throughout) and per GET of
those turns; RSS read once a second (VmRSS): the first, mean, highest and last reading in those turns, and VmHWM. In
the direct turns the replicas only hold their watches.

${table(
  [
    'window',
    'process',
    'CPU cores',
    'CPU µs per GET',
    'RSS start MB',
    'RSS mean MB',
    'RSS max MB',
    'RSS end MB',
    'VmHWM MB',
  ],
  [...usageRows(g.direct, g.replicas), ...usageRows(g.gateway, g.replicas)],
)}

### Saturation: one replica against kubectl proxy

Closed-loop clients, each on its own keep-alive connection (the gateway's as distinct people, with their ID tokens;
kubectl proxy's with their Impersonate-* headers, over plain HTTP), at rising concurrency for ${f0(g.saturationStepMs / 1000)} s
per level, the two taking turns at each level, until throughput grew less than 5 % twice in a row. "GET per
CPU-second" divides the GETs by the proxy process's own CPU time in the step: what one fully used core would serve.
The peak (highest GET/s) is in bold and is what the target compares.

${table(
  ['proxy', 'clients', 'GET/s', 'proxy CPU cores', 'GET per CPU-second', 'p50 ms', 'p99 ms', 'errors'],
  g.saturation.flatMap(saturationRows),
)}
`;
}

function errorList(g: GatewayLoadResult): string {
  const lines = [g.direct, g.gateway].flatMap((r) =>
    r.errors.map((e) => `- ${r.label}: ${e.what} × ${e.count} (first: ${e.example})`),
  );
  return lines.length === 0 ? '' : `\nErrors:\n\n${lines.join('\n')}\n`;
}
