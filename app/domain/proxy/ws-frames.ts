// A passive reader of one direction of a websocket connection: it sees the raw bytes the proxy
// relays and reports each complete message. Frame parsing (masking, fragmentation, control frames)
// is done by the `ws` library's Receiver, which ws exports but does not type.
import * as wsModule from 'ws';

/** The part of ws's Receiver (a Writable) that we use. */
interface Receiver {
  write(chunk: Buffer): boolean;
  /** Set as soon as a write failed (Node's Writable); the 'error' event only follows a tick later. */
  readonly errored: (Error & { code?: string }) | null;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
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

export interface MessageReaderOptions {
  /**
   * The longest message (all fragments together) the reader buffers; 0 = no limit. The receiver
   * holds a message until its last byte arrived, so without a limit one huge frame is held whole.
   */
  maxPayload?: number;
  /** Called once when the stream cannot be followed any more; `tooLarge` for a message over maxPayload. */
  onError?: (err: Error, tooLarge: boolean) => void;
}

export class WebSocketMessageReader {
  private readonly receiver: Receiver;
  private readonly fromClient: boolean;
  private readonly onError: MessageReaderOptions['onError'];
  private failed = false;

  /** fromClient: frames written by the client are masked, which the receiver checks. */
  constructor(fromClient: boolean, onMessage: (data: Buffer, isBinary: boolean) => void, options: MessageReaderOptions = {}) {
    this.fromClient = fromClient;
    this.receiver = new ReceiverClass({ isServer: fromClient, maxPayload: options.maxPayload ?? 0, skipUTF8Validation: true, binaryType: 'nodebuffer' });
    this.receiver.on('message', (data: Buffer, isBinary: boolean) => {
      if (!this.failed) onMessage(data, isBinary);
    });
    this.onError = options.onError;
    // A frame we cannot parse only stops the reading; the relayed bytes are untouched.
    this.receiver.on('error', (err) => this.fail(err));
  }

  private fail(err: Error & { code?: string }): void {
    if (this.failed) return;
    this.failed = true;
    this.onError?.(err, err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
  }

  /** False once the stream could not be followed; pushing more is then a no-op. */
  get following(): boolean {
    return !this.failed;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    // Client frames are masked and the receiver unmasks them in place, while the original bytes
    // are still on their way to the cluster: those get a copy. Server frames are not masked.
    this.receiver.write(this.fromClient ? Buffer.from(chunk) : chunk);
    // Reported now, in stream order, rather than a tick later with other chunks read meanwhile.
    if (this.receiver.errored) this.fail(this.receiver.errored);
  }
}
