// Exec recordings on the gateway: the recorder sees the request as the cluster does (without the
// /k8s/<resource> prefix), so a websocket exec through the gateway is recorded and named by pod.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayRecorder } from './gateway-recorder';
import type { RecordingSessionTap } from '../../domain/proxy/session-recorder';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gwrec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const message = (url: string): http.IncomingMessage => ({ method: 'GET', url, headers: {} }) as http.IncomingMessage;
const switched = { headers: { 'sec-websocket-protocol': 'v5.channel.k8s.io' } } as unknown as http.IncomingMessage;

describe('GatewayRecorder', () => {
  it('records an exec through /k8s/<resource>/…, naming the pod and the person', async () => {
    const recorder = new GatewayRecorder(join(dir, 'recordings'));
    const tap = recorder.start(message('/k8s/staging/api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true'), switched, { user: 'alice@example.com', groups: ['system:authenticated'] }, 'staging') as RecordingSessionTap | undefined;
    expect(tap).toBeDefined();
    tap?.end();
    await tap?.finished;
    const files = readdirSync(join(dir, 'recordings'));
    expect(files).toHaveLength(1);
    const header = JSON.parse(readFileSync(join(dir, 'recordings', files[0] ?? ''), 'utf8').split('\n')[0] ?? '{}') as { gatehouse: { resource: string; user: string; pod: string; namespace: string } };
    expect(header.gatehouse).toMatchObject({ resource: 'staging', user: 'alice@example.com', pod: 'web', namespace: 'team-a' });
  });

  it('records nothing else', () => {
    const recorder = new GatewayRecorder(join(dir, 'other'));
    expect(recorder.start(message('/k8s/staging/api/v1/namespaces/team-a/pods/web/portforward'), switched, null, 'staging')).toBeUndefined();
    expect(recorder.start(message('/v1/me'), switched, null, 'staging')).toBeUndefined();
  });
});
