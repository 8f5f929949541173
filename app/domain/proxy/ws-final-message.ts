// When Gatehouse disconnects a resource, a websocket exec/attach session should end with a message
// the user sees, not a bare dropped connection. For the *.channel.k8s.io protocols that is a
// Status on the error channel (3) followed by a close frame. A frame may only be injected between
// the frames relayed from the cluster, so a tracker follows the frame boundaries of that direction.

/** Follows server→client websocket frames (unmasked) to know when the stream is between frames. */
export class FrameBoundaryTracker {
  private header: Buffer = Buffer.alloc(0);
  /** Payload bytes still to come in the current frame; 0 between frames. */
  private remaining = 0;

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= take;
        offset += take;
        continue;
      }
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + 14)]);
      const parsed = parseHeader(this.header);
      if (parsed === null) {
        offset = chunk.length; // header still incomplete; all of it is in this.header
        continue;
      }
      const consumedFromChunk = parsed.headerLength - (this.header.length - Math.min(14, chunk.length - offset));
      offset += consumedFromChunk;
      this.header = Buffer.alloc(0);
      this.remaining = parsed.payloadLength;
    }
  }

  get atBoundary(): boolean {
    return this.remaining === 0 && this.header.length === 0;
  }
}

function parseHeader(b: Buffer): { headerLength: number; payloadLength: number } | null {
  if (b.length < 2) return null;
  const masked = (b[1]! & 0x80) !== 0;
  let len = b[1]! & 0x7f;
  let headerLength = 2;
  if (len === 126) {
    if (b.length < 4) return null;
    len = b.readUInt16BE(2);
    headerLength = 4;
  } else if (len === 127) {
    if (b.length < 10) return null;
    len = Number(b.readBigUInt64BE(2));
    headerLength = 10;
  }
  if (masked) headerLength += 4;
  if (b.length < headerLength) return null;
  return { headerLength, payloadLength: len };
}

/** An unmasked (server→client) websocket frame. */
export function serverFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(n)]);
  return Buffer.concat([head, payload]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** The frames ending a channel-protocol session: a Failure Status on channel 3, then close 1001. */
export function finalFrames(protocol: string, message: string): Buffer {
  const status = Buffer.from(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'ServiceUnavailable', code: 503 }));
  const base64 = protocol.startsWith('base64.');
  const data = base64 ? serverFrame(0x1, Buffer.from(`3${status.toString('base64')}`)) : serverFrame(0x2, Buffer.concat([Buffer.from([3]), status]));
  // kubectl reports the close frame's reason when the stream ends, so it carries the message too
  // (a close reason is at most 123 bytes).
  const reason = Buffer.from(message).subarray(0, 123);
  const close = serverFrame(0x8, Buffer.concat([Buffer.from([0x03, 0xe9]), reason]));
  return Buffer.concat([data, close]);
}
