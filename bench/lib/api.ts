// Minimal JSON calls to the API server for setting up fixtures with the admin credential. Raw
// requests over a shared keep-alive agent: creating thousands of objects concurrently is then
// bounded by the server, not by client overhead.
import http from 'node:http';
import https from 'node:https';
import { keepAliveAgent, type Endpoint } from './endpoint';

export interface ApiResponse {
  status: number;
  body: Buffer;
}

export class Api {
  private readonly agent: http.Agent;

  constructor(
    private readonly endpoint: Endpoint,
    parallel: number,
  ) {
    this.agent = keepAliveAgent(endpoint, parallel);
  }

  call(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const client = this.endpoint.base.protocol === 'https:' ? https : http;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = client.request(
        {
          protocol: this.endpoint.base.protocol,
          hostname: this.endpoint.base.hostname,
          port: this.endpoint.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...this.endpoint.headers,
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Creates the object; an existing one (409) is fine. */
  async ensure(path: string, body: unknown): Promise<void> {
    const res = await this.call('POST', path, body);
    if (res.status !== 201 && res.status !== 409)
      throw new Error(`POST ${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
  }

  async remove(path: string): Promise<void> {
    const res = await this.call('DELETE', path);
    if (res.status !== 200 && res.status !== 202 && res.status !== 404)
      throw new Error(`DELETE ${path}: ${res.status}`);
  }

  async json<T>(path: string): Promise<T> {
    const res = await this.call('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
    return JSON.parse(res.body.toString()) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
