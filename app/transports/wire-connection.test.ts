// One client of a stream transport: whatever a client sends and whatever a handler does, each call
// gets exactly one Result and nothing escapes as an exception or an unhandled rejection.
import { describe, expect, it } from 'vitest';
import type { WireServerMessage } from '../../shared/wire';
import type { HandlerTable } from '../api/handlers';
import { WireConnection } from './wire-connection';

function connection(handlers: Record<string, (req: unknown) => Promise<unknown>>, send?: (m: WireServerMessage) => void) {
  const sent: WireServerMessage[] = [];
  const c = new WireConnection({
    table: handlers as unknown as HandlerTable,
    subscribe: () => () => {},
    send: send ?? ((m) => void sent.push(m)),
  });
  return { c, sent };
}

describe('WireConnection', () => {
  it('a handler that throws something unprintable is answered, not an unhandled rejection', async () => {
    const { c, sent } = connection({
      'app.info': async () => {
        throw Object.create(null) as unknown;
      },
    });
    c.receive('{"kind":"call","id":1,"channel":"app.info"}');
    await c.settled();
    // Turning that value into an error message throws: dispatch must still answer (before, it
    // rejected, and without the connection's own catch that was an unhandled rejection, which ends
    // a Node process).
    expect(sent).toEqual([{ kind: 'answer', id: 1, result: { ok: false, error: { code: 'internal', message: 'an unprintable error' } } }]);
  });

  it('an answer JSON cannot carry becomes an internal-error Result for that call', async () => {
    const sent: WireServerMessage[] = [];
    const { c } = connection({ 'app.info': async () => ({ big: 1n }) }, (m) => sent.push(JSON.parse(JSON.stringify(m)) as WireServerMessage));
    c.receive('{"kind":"call","id":2,"channel":"app.info"}');
    await c.settled();
    expect(sent).toEqual([{ kind: 'answer', id: 2, result: { ok: false, error: { code: 'internal', message: 'internal error: Do not know how to serialize a BigInt' } } }]);
  });

  it('settled() waits for every call in flight; nothing is sent after close()', async () => {
    let release: () => void = () => {};
    const { c, sent } = connection({ 'app.info': () => new Promise((resolve) => (release = () => resolve({ ok: 1 }))), 'session.get': async () => ({}) });
    c.receive('{"kind":"call","id":1,"channel":"app.info"}');
    c.receive('{"kind":"call","id":2,"channel":"session.get"}');
    let settled = false;
    const done = c.settled().then(() => (settled = true));
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((m) => (m.kind === 'answer' ? m.id : null))).toEqual([2]);
    expect(settled).toBe(false);
    release();
    await done;
    expect(sent.map((m) => (m.kind === 'answer' ? m.id : null))).toEqual([2, 1]);
    c.close();
    c.receive('{"kind":"call","id":3,"channel":"session.get"}');
    await c.settled();
    expect(sent).toHaveLength(2);
  });
});
