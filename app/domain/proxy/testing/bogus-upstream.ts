// A deliberately bad "cluster" for the hostile-input tests: a raw TCP server that answers each
// request with the nonsense its path asks for, and remembers every byte it received per
// connection, so a test can see exactly what Gatehouse put on the wire. It is an attack peer, not an
// imitation of Kubernetes — the real cluster serves everything else.
//
// Paths (the first segment decides):
//   /ok…            200 with a small JSON body, keep-alive
//   /status-000     a status line with code 000
//   /garbage        bytes that are no HTTP response, then close
//   /short          Content-Length 100 with 5 bytes of body, then close
//   /reset          a TCP reset, nothing else
//   /both-framing   Content-Length and Transfer-Encoding together
//   /flood          200 chunked, written as fast as the peer reads (progress in /_state)
//   /sink           200 once the head arrived, then never reads again
//   /upgrade-flood  101, then writes as fast as the peer reads
//   /upgrade-sink   101, then never reads
//   /_log           every connection's received bytes (base64), as JSON — asked directly, not via Gatehouse
//   /_state         flood progress and the targets read so far, as JSON
//   /_blocked       answers once a flood has been waiting for its peer to read for a second
import net from 'node:net';

export interface ReceivedConnection {
  id: number;
  /** Everything the peer sent on this connection, base64. */
  bytes: string;
}

export interface BogusState {
  /** Bytes a flood managed to hand to the kernel, and whether it is waiting for the peer to read. */
  flood: { written: number; waiting: boolean; waitingSince: number };
  /** Every request target this peer read as a request head, in order. */
  paths: string[];
}

export interface BogusUpstream {
  port: number;
  /** Live: what the flood did and which targets were read as requests. */
  state: BogusState;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

export function startBogusUpstream(port = 0): Promise<BogusUpstream> {
  const received: Array<{ id: number; data: Buffer[] }> = [];
  const state: BogusState = { flood: { written: 0, waiting: false, waitingSince: 0 }, paths: [] };
  const sockets = new Set<net.Socket>();
  let nextId = 1;

  const flood = (socket: net.Socket, frame: (b: Buffer) => Buffer): void => {
    const pump = (): void => {
      state.flood.waiting = false;
      while (!socket.destroyed) {
        state.flood.written += CHUNK.length;
        if (!socket.write(frame(CHUNK))) {
          state.flood.waiting = true;
          state.flood.waitingSince = Date.now();
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  };
  const chunked = (b: Buffer): Buffer => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);

  const answer = (socket: net.Socket, path: string): void => {
    const json = (code: number, body: unknown): void => {
      const text = JSON.stringify(body);
      socket.write(`HTTP/1.1 ${code} OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    const first = path.split(/[/?]/)[1] ?? '';
    switch (first) {
      case '_log':
        return json(
          200,
          received.map((c) => ({ id: c.id, bytes: Buffer.concat(c.data).toString('base64') })),
        );
      case '_state':
        return json(200, state);
      case '_blocked': {
        // Answers once a flood has waited a whole second for its peer to read: backpressure held.
        const check = setInterval(() => {
          if (!state.flood.waiting || Date.now() - state.flood.waitingSince < 1000) return;
          clearInterval(check);
          json(200, state.flood);
        }, 100);
        socket.on('close', () => clearInterval(check));
        return;
      }
      case 'status-000':
        socket.end('HTTP/1.1 000 Nope\r\nContent-Length: 0\r\n\r\n');
        return;
      case 'garbage':
        socket.end(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a, 0x80, 0x81]));
        return;
      case 'short':
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nshort');
        return;
      case 'reset':
        socket.resetAndDestroy();
        return;
      case 'both-framing':
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
        return;
      case 'flood':
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n');
        return flood(socket, chunked);
      case 'sink':
        socket.pause();
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok');
        return;
      case 'upgrade-flood':
        socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n');
        return flood(socket, (b) => b);
      case 'upgrade-sink':
        socket.pause();
        socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n');
        return;
      default:
        return json(200, { kind: 'Status', status: 'Success', path });
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const record = { id: nextId++, data: [] as Buffer[] };
    received.push(record);
    let pending = Buffer.alloc(0);
    let upgraded = false;
    /** The body still to skip before the next head: a byte count, or up to the last chunk. */
    let body: number | 'chunked' = 0;
    socket.on('data', (chunk: Buffer) => {
      record.data.push(chunk);
      if (upgraded) return;
      pending = Buffer.concat([pending, chunk]);
      // Answer each request head as it completes; bodies are only recorded (the tests read them
      // from /_log). This peer needs no more of HTTP than finding where a head and a body end.
      for (;;) {
        if (body === 'chunked') {
          const last = pending.indexOf('0\r\n\r\n');
          if (last < 0) return;
          pending = pending.subarray(last + 5);
          body = 0;
        } else if (body > 0) {
          const take = Math.min(body, pending.length);
          pending = pending.subarray(take);
          body -= take;
          if (body > 0) return;
        }
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        const path = head.split(' ')[1] ?? '/';
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
        body = /\r\ntransfer-encoding:\s*chunked/i.test(head) ? 'chunked' : Number(length ?? 0);
        if (path.startsWith('/upgrade-')) upgraded = true;
        if (!path.startsWith('/_')) state.paths.push(path);
        answer(socket, path);
        if (upgraded || socket.isPaused()) return;
      }
    });
  });

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        state,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
