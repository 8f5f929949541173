import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameBoundaryTracker, finalFrames, serverFrame } from './ws-final-message';
import { WebSocketMessageReader } from './ws-frames';

describe('FrameBoundaryTracker', () => {
  it('knows the boundaries of any sequence of frames, however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 70_000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 20 }), (sizes, cuts) => {
        const frames = sizes.map((n) => serverFrame(0x2, Buffer.alloc(n, 7)));
        const stream = Buffer.concat(frames);
        const boundaries = new Set<number>([0]);
        let at = 0;
        for (const f of frames) boundaries.add((at += f.length));
        const tracker = new FrameBoundaryTracker();
        let pos = 0;
        for (const cut of [...cuts, stream.length]) {
          const end = Math.min(stream.length, pos + cut);
          tracker.push(stream.subarray(pos, end));
          pos = end;
          expect(tracker.atBoundary).toBe(boundaries.has(pos));
          if (pos === stream.length) break;
        }
      }),
    );
  });
});

describe('finalFrames', () => {
  it('is a Status on the error channel and a close frame, readable by a websocket parser', () => {
    const messages: Buffer[] = [];
    const reader = new WebSocketMessageReader(false, (data) => messages.push(data));
    reader.push(finalFrames('v5.channel.k8s.io', 'resource "staging" was disconnected'));
    expect(messages).toHaveLength(1);
    expect(messages[0]![0]).toBe(3);
    expect(JSON.parse(messages[0]!.subarray(1).toString())).toMatchObject({ status: 'Failure', message: 'resource "staging" was disconnected' });
  });
});
