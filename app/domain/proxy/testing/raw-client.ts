// A client that speaks bytes, not HTTP: what it is given goes on the TLS connection exactly as
// written (curl and Node's own client would normalise a hostile request before sending it).
import tls from 'node:tls';

export interface RawAnswer {
  /** The status code of the first response on the connection, or null when none came. */
  status: number | null;
  /** Everything received, as latin1 text (heads and bodies). */
  text: string;
  /** The server closed (or reset) the connection. */
  closed: boolean;
}

export interface RawTarget {
  port: number;
  caPem: string;
}

/** Opens a TLS connection to a Gatehouse listener (verifying its local CA as kubectl does). */
export function rawConnect(target: RawTarget): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: target.port, ca: target.caPem, servername: 'localhost', ALPNProtocols: ['http/1.1'] }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends `bytes` and collects the answer until the server closes the connection, or — for a
 * keep-alive answer — until `until` matches what arrived (then the client closes).
 */
export async function rawExchange(target: RawTarget, bytes: string | Buffer, until?: RegExp): Promise<RawAnswer> {
  const socket = await rawConnect(target);
  return collect(socket, bytes, until);
}

export function collect(socket: tls.TLSSocket, bytes: string | Buffer | null, until?: RegExp): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let text = '';
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? null : Number(status), text, closed });
      if (!closed) socket.destroy();
    };
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (until?.test(text)) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    if (bytes !== null) socket.write(bytes);
  });
}

/** The body of the first response in an answer (after its blank line). */
export function bodyOf(answer: RawAnswer): string {
  const at = answer.text.indexOf('\r\n\r\n');
  return at < 0 ? '' : answer.text.slice(at + 4);
}
