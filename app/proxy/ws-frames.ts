// A passive reader of one direction of a websocket connection: it sees the raw bytes the proxy
// relays and reports each complete message. Frame parsing (masking, fragmentation, control frames)
// is done by the `ws` library's Receiver, which ws exports but does not type.
import * as wsModule from 'ws';

/** The part of ws's Receiver (a Writable) that we use. */
interface Receiver {
  write(chunk: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
}

type ReceiverConstructor = new (options: { isServer: boolean; maxPayload: number; skipUTF8Validation: boolean; binaryType: 'nodebuffer' }) => Receiver;

// ws's ESM entry exports Receiver by name; its CommonJS entry (what tsx/Node load) hangs it on the
// default export. Either way it is the same class.
const wsExports = wsModule as unknown as { Receiver?: ReceiverConstructor; default?: { Receiver?: ReceiverConstructor } };
function receiverClass(): ReceiverConstructor {
  const found = wsExports.Receiver ?? wsExports.default?.Receiver;
  if (!found) throw new Error('ws does not export Receiver; the session recorder needs it');
  return found;
}
const ReceiverClass = receiverClass();

export class WebSocketMessageReader {
  private readonly receiver: Receiver;
  private readonly fromClient: boolean;
  private failed = false;

  /** fromClient: frames written by the client are masked, which the receiver checks. */
  constructor(fromClient: boolean, onMessage: (data: Buffer, isBinary: boolean) => void) {
    this.fromClient = fromClient;
    this.receiver = new ReceiverClass({ isServer: fromClient, maxPayload: 0, skipUTF8Validation: true, binaryType: 'nodebuffer' });
    this.receiver.on('message', (data: Buffer, isBinary: boolean) => onMessage(data, isBinary));
    // A frame we cannot parse only stops the recording; the relayed bytes are untouched.
    this.receiver.on('error', () => {
      this.failed = true;
    });
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    // Client frames are masked and the receiver unmasks them in place, while the original bytes
    // are still on their way to the cluster: those get a copy. Server frames are not masked.
    this.receiver.write(this.fromClient ? Buffer.from(chunk) : chunk);
  }
}
