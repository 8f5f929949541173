// A renderer (the Electron window, a browser tab) must never read the person's ID token: the
// table it is served refuses every CLI-only channel before any handler runs, and serves the rest.
import { describe, expect, it } from 'vitest';
import { API_CHANNELS, CLI_ONLY_CHANNELS, type ApiChannel } from '../../shared/api';
import { dispatch, forRenderers, type HandlerTable } from './handlers';

function countingTable(): { table: HandlerTable; reached: ApiChannel[] } {
  const reached: ApiChannel[] = [];
  const table = Object.fromEntries(
    API_CHANNELS.map((channel) => [
      channel,
      async () => (reached.push(channel), { token: 'id-token-secret', expiresAt: 'x' }),
    ]),
  ) as unknown as HandlerTable;
  return { table, reached };
}

describe('forRenderers', () => {
  it('refuses gateway.credential with kind refused, never reaching the handler or answering a token', async () => {
    expect([...CLI_ONLY_CHANNELS]).toEqual(['gateway.credential']);
    const { table, reached } = countingTable();
    const result = await dispatch(forRenderers(table), 'gateway.credential', { resource: 'staging' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'refused', message: expect.stringContaining('only served to the gatehouse command line') },
    });
    expect(JSON.stringify(result)).not.toContain('id-token-secret');
    expect(reached).toEqual([]);
  });

  it('serves every other channel unchanged, and the CLI table still serves the credential', async () => {
    const { table, reached } = countingTable();
    const rendererTable = forRenderers(table);
    for (const channel of API_CHANNELS.filter((c) => !CLI_ONLY_CHANNELS.has(c)))
      expect(rendererTable[channel]).toBe(table[channel]);
    expect(await dispatch(table, 'gateway.credential', { resource: 'staging' })).toMatchObject({ ok: true });
    expect(reached).toEqual(['gateway.credential']);
  });
});
