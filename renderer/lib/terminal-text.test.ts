import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripEscapes } from './terminal-text';

const ESC = '\x1b';

describe('stripEscapes', () => {
  it.each([
    ['plain text', 'plain text', 'plain text'],
    ['SGR colour and reset', `${ESC}[1;31mred${ESC}[0m`, 'red'],
    ['bare reset', `a${ESC}[mb`, 'ab'],
    ['cursor move', `${ESC}[10;20Hhere`, 'here'],
    ['erase line', `${ESC}[2Kline`, 'line'],
    ['private mode (bracketed paste on/off)', `${ESC}[?2004h$ ${ESC}[?2004l`, '$ '],
    ['CSI with an intermediate byte', `${ESC}[2 qcursor`, 'cursor'],
    ['OSC window title ended by BEL', `${ESC}]0;user@host: ~\x07$ `, '$ '],
    ['OSC hyperlink ended by ST', `${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`, 'link'],
    ['Fe escape: index', `${ESC}Dnext`, 'next'],
    ['Fe escape: string terminator alone', `${ESC}\\x`, 'x'],
    // Two-character escapes outside ESC @..._ are common too: bash/readline and less switch the keypad
    // (ESC = / ESC >), shells save and restore the cursor (ESC 7 / ESC 8), `tput sgr0` and ncurses
    // select the ASCII charset (ESC ( B).
    ['keypad application/normal mode', `${ESC}=prompt${ESC}>`, 'prompt'],
    ['save and restore cursor', `${ESC}7status${ESC}8`, 'status'],
    ['charset selection from tput sgr0', `${ESC}(B${ESC}[mreset`, 'reset'],
    ['full reset', `${ESC}cclean`, 'clean'],
    ['keeps other control characters', 'a\r\nb\tc\bd', 'a\r\nb\tc\bd'],
  ])('%s', (_name, input, expected) => {
    expect(stripEscapes(input)).toBe(expected);
  });

  it('leaves text without ESC unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) }),
        (text) => {
          const noEsc = text.replaceAll(ESC, '');
          expect(stripEscapes(noEsc)).toBe(noEsc);
        },
      ),
    );
  });

  /** Well-formed ECMA-48 sequences of the kinds terminal programs emit. */
  const parameterBytes = fc.string({ unit: fc.constantFrom('0', '1', '9', ';', '?', '<', '='), maxLength: 8 });
  const intermediateBytes = fc.string({ unit: fc.constantFrom(' ', '!', '"', '#', '(', ')', '/'), maxLength: 2 });
  const csi = fc
    .tuple(parameterBytes, intermediateBytes, fc.integer({ min: 0x40, max: 0x7e }))
    .map(([parameters, intermediates, final]) => `${ESC}[${parameters}${intermediates}${String.fromCharCode(final)}`);
  const oscBody = fc.string({ unit: fc.constantFrom('0', ';', 't', 'i', 'l', 'e', ' ', '/', ':'), maxLength: 12 });
  const osc = fc
    .tuple(oscBody, fc.constantFrom('\x07', `${ESC}\\`))
    .map(([body, terminator]) => `${ESC}]${body}${terminator}`);
  const twoCharacter = fc
    .integer({ min: 0x30, max: 0x7e })
    .filter((code) => code !== 0x5b && code !== 0x5d) // ESC [ and ESC ] introduce CSI and OSC
    .map((code) => `${ESC}${String.fromCharCode(code)}`);
  const charset = fc
    .tuple(fc.constantFrom('(', ')', '*', '+'), fc.constantFrom('B', '0', 'A'))
    .map(([designate, set]) => `${ESC}${designate}${set}`);
  const escape = fc.oneof(csi, osc, twoCharacter, charset);
  const plain = fc.string({ maxLength: 10 }).map((text) => text.replaceAll(ESC, ''));

  it('removes every well-formed sequence and keeps the text around it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(escape, { nil: '' }), plain), { maxLength: 8 }), (pieces) => {
        const raw = pieces.map(([sequence, text]) => sequence + text).join('');
        expect(stripEscapes(raw)).toBe(pieces.map(([, text]) => text).join(''));
      }),
    );
  });
});
