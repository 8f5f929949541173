// Renders RESULTS.md from one run. The measured part is regenerated on every run; the analysis
// (profiles, causes, fixes) is written by people in bench/ANALYSIS.md and appended as it is, so a
// re-run never loses it.
import { existsSync, readFileSync } from 'node:fs';
import prettier from 'prettier';
import type { HostsResult } from '../phases/idle-rss';
import { gatewayLoadSection } from './gateway-load-report';
import { byLabel, COLUMN, type BenchResults } from './results';
import { checkTargets } from './targets';
import { watchesSection } from './watch-memory-report';

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const ratio = (a: number, b: number): string => `${f2(a / b)}×`;
const columns = [COLUMN.direct, COLUMN.gatehouse, COLUMN.kubectlProxy];

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function latencyTable(r: BenchResults['get']): string {
  const direct = byLabel(r, COLUMN.direct);
  return table(
    ['path', 'p50 ms', 'p99 ms', 'mean ms', 'p50 vs direct', 'proxy CPU µs/request', 'requests', 'body bytes'],
    columns.map((c) => {
      const x = byLabel(r, c);
      return [
        c,
        f2(x.p50),
        f2(x.p99),
        f2(x.mean),
        ratio(x.p50, direct.p50),
        x.proxyCpuUs === null ? '–' : x.proxyCpuUs.toFixed(0),
        String(x.count),
        String(x.bodyBytes),
      ];
    }),
  );
}

function throughputTable(r: BenchResults['list']): string {
  const direct = byLabel(r, COLUMN.direct);
  return table(
    ['path', 'MB/s', 'median ms', 'vs direct', 'proxy CPU ms/MB', 'body MB', 'runs'],
    columns.map((c) => {
      const x = byLabel(r, c);
      return [
        c,
        f1(x.mbPerSecond),
        f1(x.medianMs),
        ratio(x.mbPerSecond, direct.mbPerSecond),
        x.proxyCpuMsPerMb === null ? '–' : f2(x.proxyCpuMsPerMb),
        f2(x.bytes / 1e6),
        String(x.runs),
      ];
    }),
  );
}

function incompleteExec(r: BenchResults): string {
  const lines = r.exec.flatMap((e) => e.incomplete.map((why) => `- ${e.label}, ${e.protocol}: ${why}`));
  return lines.length === 0
    ? ''
    : `\nRuns whose stream lost data (stdout shorter than asked for):\n\n${lines.join('\n')}\n`;
}

/** Section 6, also printed on its own by `npm run bench -- --phase idle-rss`. */
export function hostsSection(h: HostsResult, heading = '## 6. Desktop hosts: idle memory and start-up'): string {
  const ms = (n: number | null): string => (n === null || Number.isNaN(n) ? '–' : n.toFixed(0));
  const multi = h.builds.length > 1;
  const skipped = Object.entries(h.skipped).map(([host, why]) => `- ${host} not measured: ${why}`);
  const builds = h.builds.map(
    (b) =>
      `- ${multi ? `**${b.label}**: ` : ''}\`${b.bin}\` ran ${b.bundled ? 'the bundle (out/cli, as `npm run build` makes it)' : '**the sources through tsx** (out/cli missing or stale): not what ships'}`,
  );
  return `${heading}

Each host is its own process, signed in as \`${h.user}\` (to the org file: local mode; "agent, gateway mode": at a real
gateway through the test OpenID provider, its listener forwarding to the gateway), started ${h.runs} time(s) after one
cold start (a fresh GATEHOUSE_HOME: the local CA is made then; later starts find it), taking turns
${multi ? 'across builds and hosts' : 'across hosts'}. RSS is VmRSS from /proc, 10 s after the last activity (V8 gives back
the young generation it grew some 5-8 s after a process goes quiet; at 2 s a reading is up to ~12 MB higher): "idle" is
signed in with no connection, browser mode with one tab attached (page, session, API websocket); "one connected
resource" is after ${h.requests} GETs of \`${h.requestPath}\` through the listener of \`${h.resource}\`
(\`connect --foreground\` is connected from its start, so it has only that reading). Start: spawn until the host says
it is ready (\`agent ready\`, \`open <url>\`, \`listening\`). "gatehouse connect": \`gatehouse connect ${h.resource}\`
against the running host, spawn to exit (a new Node process each time, its own start-up included). Medians; peak is the
highest VmHWM.

${builds.join('\n')}
${skipped.length > 0 ? `${skipped.join('\n')}\n` : ''}
${table(
  [
    ...(multi ? ['build'] : []),
    'host',
    'idle RSS MB',
    'RSS, one connected resource MB',
    'peak MB',
    'start cold ms',
    'start warm ms',
    'gatehouse connect ms',
    'runs',
  ],
  h.rows.map((x) => [
    ...(multi ? [x.build] : []),
    x.host,
    x.idleRssMb === null ? '–' : f1(x.idleRssMb),
    f1(x.connectedRssMb),
    f1(x.peakMb),
    ms(x.coldStartMs),
    ms(x.warmStartMs),
    ms(x.connectMs),
    String(x.runs),
  ]),
)}
`;
}

export function renderReport(r: BenchResults, analysisFile: string): string {
  const m = r.machine;
  const s = r.setup;
  const checks = checkTargets(r);
  const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8').trim() : '';
  return `# Gatehouse proxy benchmark

Generated by \`npm run bench\` (bench/run.ts) on ${r.date}, in ${Math.round(r.durationS)} s. Re-run to refresh;
the analysis at the end comes from bench/ANALYSIS.md.

## Machine

| | |
| --- | --- |
| CPU | ${m.cpu} |
| cores | ${m.cores} |
| RAM | ${m.ramGb} GB |
| OS | ${m.os} |
| Node | ${m.node} |
| kubectl | ${m.kubectl} |
| load average (1 min) | ${m.loadAtStart.toFixed(1)} at start, ${r.loadAtEnd.toFixed(1)} at end |
| API server | ${r.serverVersion} (the test cluster of e2e/cluster: kube-apiserver + embedded etcd + fake kubelet, audit log on) |

Everything runs on this one machine: API server, etcd, fake kubelet, the proxies, kubectl and the bench client share the ${m.cores} cores.
A load average well above ${m.cores} means other work competed for them during the run: wall-clock numbers
then spread, while the proxy CPU columns stay comparable.

## Targets

${table(
  ['target', 'measured', 'result'],
  checks.map((c) => [c.target, c.measured, c.pass ? '**pass**' : '**MISS**']),
)}

## What each column carries

All three reach the API server as the leased identity impersonating \`${r.identity.email}\` with groups
\`${r.identity.groups.join('`, `')}\`, so the server does the same authentication, impersonation and
RBAC work in every column; only the path differs.

- **direct** — the bench client (Node, HTTP/1.1 keep-alive, TLS) to the API server with the leased bearer
  token and the \`Impersonate-User\`/\`Impersonate-Group\` headers it adds itself.
- **gatehouse** — the bench client to \`gatehouse connect staging --foreground\` (its own Node process) over
  loopback TLS with the local token, from the kubeconfig the CLI wrote; Gatehouse checks it, swaps in
  the leased token and the Impersonate-* headers and forwards to the API server as shipped: ordinary
  requests over HTTP/1.1 keep-alive TLS, watches and followed logs as streams of a small HTTP/2 session
  pool (\`GATEHOUSE_UPSTREAM_HTTP2=all\` or \`off\` in the bench's environment measures every request over
  HTTP/2, or none). The bench client speaks HTTP/1.1 to it, as to the other two columns.
- **kubectl proxy** — the bench client over plain HTTP to \`kubectl proxy\` (${m.kubectl}) started with the
  *leased* kubeconfig; the client sends the same Impersonate-* headers, which kubectl proxy passes on
  (it forwards the client's headers and adds the kubeconfig's credential). kubectl proxy talks HTTP/2 to
  the API server. The leased credential is used rather than the admin one so that the server's work is
  the same as in the other two columns (impersonation + RBAC for the same user); kubectl proxy has no
  local authentication and no TLS on its listener, which is cheaper than what Gatehouse must do.

Every request sends \`Accept: application/json\` and \`Accept-Encoding: identity\`, so no hop compresses.

"proxy CPU" is the user + system CPU time the proxy process (Gatehouse or kubectl proxy) used during
the measurement, from /proc/<pid>/stat, divided by the requests (or megabytes) it relayed. Wall-clock
numbers on a small machine move with everything else that runs; this one does not.

## 1. Small GET latency (real API server)

\`GET ${s.getPath}\`, ${s.getCount} sequential requests per column after ${s.getWarmup} warm-up, one keep-alive
connection, columns taking turns in rounds of ${s.getCount / 4}.

${latencyTable(r.get)}

## 2. Large LIST throughput (real API server)

\`GET ${s.listPath}\`: ${s.configMaps} ConfigMaps of ~1 KB (created beforehand with the admin credential,
concurrently). Median of ${s.listRuns} runs per column after one warm-up, columns taking turns.

${throughputTable(r.list)}

${r.watches ? watchesSection(r.watches) : ''}
## 4. Exec stream throughput

\`kubectl exec -n team-a web -- head -c ${s.execBytes} /dev/zero\`, stdout counted and dropped by the bench.
MB/s is measured from the first byte to the end of the stream (kubectl start-up and the upgrade are in
"first byte"); median of ${s.execRuns} runs. "direct" is kubectl with the leased kubeconfig and
\`--as\`/\`--as-group\` for the same identity. CPU is per MB relayed, over all runs of the row, from /proc (the
proxy, the cluster process: API server, etcd and the fake kubelet that runs \`head\`) and from bash's \`times\`
(kubectl): on 2 cores the stream cannot go faster than the CPU the whole path needs per MB allows.

${table(
  ['path', 'protocol', 'MB/s', 'first byte ms', 'total s', 'complete runs', 'proxy CPU ms/MB', 'cluster CPU ms/MB', 'kubectl CPU ms/MB'],
  r.exec.map((e) => [
    e.label,
    e.protocol,
    f1(e.mbPerSecond),
    f1(e.firstByteMs),
    f2(e.totalMs / 1000),
    `${e.runs - e.incomplete.length}/${e.runs}`,
    e.cpuMsPerMb.proxy === null ? '–' : f2(e.cpuMsPerMb.proxy),
    e.cpuMsPerMb.cluster === null ? '–' : f2(e.cpuMsPerMb.cluster),
    e.cpuMsPerMb.kubectl === null ? '–' : f2(e.cpuMsPerMb.kubectl),
  ]),
)}
${incompleteExec(r)}

## 5. Trivial local upstream (proxy overhead alone)

A tiny Node HTTPS server (bench/trivial/server.ts, its own process) answering fixed bytes at once,
reached through the same three paths (Gatehouse with an org resource pointing at it, kubectl proxy with
a kubeconfig for it). Without the API server's cost, the differences are what each path costs.
kubectl proxy's listener is plain HTTP, so the bench client does no TLS on that path: it can beat
"direct" (TLS) here.

Small GET (${byLabel(r.trivialGet, COLUMN.direct).bodyBytes} bytes, the size of the pod GET above):

${latencyTable(r.trivialGet)}

Large body (${f2(byLabel(r.trivialLarge, COLUMN.direct).bytes / 1e6)} MB, the size of the LIST above):

${throughputTable(r.trivialLarge)}

${r.hosts ? hostsSection(r.hosts) : ''}
${r.gatewayLoad ? gatewayLoadSection(r.gatewayLoad) : ''}
${analysis ? `\n${analysis}\n` : ''}`;
}

/** The repository's Prettier style (aligned tables), so `npm run format:check` passes on the report. */
export async function formatMarkdown(text: string, file: string): Promise<string> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, parser: 'markdown' });
}
