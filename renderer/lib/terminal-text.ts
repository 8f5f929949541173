/**
 * Escape sequences (colours, cursor moves, window titles) mean nothing in a line-based replay view;
 * dropping them leaves readable text. Full-screen programs (top, vim) will still look garbled.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and the short escapes: ESC, any intermediate
// bytes, a final byte (ESC 7, ESC =, ESC ( B — not only ESC @ to ESC _).
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;

export function stripEscapes(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '');
}
