// The trivial upstream: an HTTPS server that answers every GET with `n` fixed bytes of JSON
// (`?n=N`), at once, with no authentication or work. Put behind the same three paths as the API
// server, it shows what each path costs by itself, apart from what the API server costs.
// Runs as its own process (`node --import tsx server.ts CERT KEY`) so it never shares an event
// loop with the bench client or a proxy. Prints `listening <port>`.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

const [certFile, keyFile] = process.argv.slice(2);
if (!certFile || !keyFile) {
  process.stderr.write('usage: server.ts CERT KEY\n');
  process.exit(2);
}

const MAX = 64 * 1024 * 1024;
// Built once; each answer is a slice of it, so serving costs no CPU beyond the socket writes.
const pattern = Buffer.from('{"kind":"Fixed","data":"0123456789abcdefghijklmnopqrstuvwxyz"},');
const body = Buffer.alloc(MAX);
for (let at = 0; at < MAX; at += pattern.length) pattern.copy(body, at);

const server = https.createServer(
  { cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 60_000, noDelay: true },
  (req, res) => {
    const n = Math.min(MAX, Number(new URL(req.url ?? '/', 'https://localhost').searchParams.get('n') ?? '1024'));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(n) });
    res.end(body.subarray(0, n));
  },
);
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
