// How a request's body is delimited, decided from the headers Node's parser accepted (SPEC §9:
// "framing is Gatehouse's, never the client's"). Gatehouse then frames the body it forwards itself
// from this decision, and no client Content-Length or Transfer-Encoding header goes upstream, so the
// cluster can never read a different body length than the one Gatehouse read — the root of request
// smuggling on a shared keep-alive connection.
//
// Node's parser (llhttp, strict mode) already rejects Content-Length together with
// Transfer-Encoding, duplicate Content-Length and a Transfer-Encoding that does not end in chunked.
// The same rules are repeated here so that the decision never depends on a parser setting.
import type { HeaderList } from './headers';

export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' };

export type FramingDecision = { ok: true; framing: BodyFraming } | { ok: false; message: string };

const DIGITS = /^[0-9]{1,15}$/;

export function bodyFraming(headers: HeaderList, upgrade: boolean): FramingDecision {
  const lengths = headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v.trim());
  const codings = headers
    .filter(([n]) => n.toLowerCase() === 'transfer-encoding')
    .flatMap(([, v]) => v.split(','))
    .map((c) => c.trim().toLowerCase());
  if (lengths.length > 0 && codings.length > 0) {
    return { ok: false, message: 'gatehouse: request has both Content-Length and Transfer-Encoding' };
  }
  let framing: BodyFraming = { kind: 'none' };
  if (codings.length > 0) {
    if (codings.length !== 1 || codings[0] !== 'chunked') {
      return { ok: false, message: `gatehouse: request Transfer-Encoding "${codings.join(', ')}" is not supported; only "chunked" is` };
    }
    framing = { kind: 'chunked' };
  } else if (lengths.length > 0) {
    if (lengths.length > 1) return { ok: false, message: 'gatehouse: request has more than one Content-Length' };
    const value = lengths[0] ?? '';
    if (!DIGITS.test(value)) return { ok: false, message: `gatehouse: request Content-Length "${value.slice(0, 40)}" is not a number` };
    const length = Number(value);
    framing = length === 0 ? { kind: 'none' } : { kind: 'length', length };
  }
  // A websocket or SPDY upgrade never has a body; bytes after its head belong to the new protocol,
  // which only starts once the cluster said 101.
  if (upgrade && framing.kind !== 'none') {
    return { ok: false, message: 'gatehouse: an upgrade request (websocket or SPDY) cannot carry a body' };
  }
  return { ok: true, framing };
}

/** The one framing header Gatehouse sends for a body, or none. */
export function framingHeader(framing: BodyFraming): [string, string] | null {
  if (framing.kind === 'length') return ['Content-Length', String(framing.length)];
  if (framing.kind === 'chunked') return ['Transfer-Encoding', 'chunked'];
  return null;
}
