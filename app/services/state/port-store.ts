// Each resource keeps one local port: the org file's `port`, else one assigned from a range the
// first time and remembered, so kubeconfig entries written earlier stay valid.
import { createServer } from 'node:net';
import { readJsonFile, writeJsonFile } from './json-file';

export interface PortRange {
  first: number;
  last: number;
}

export const DEFAULT_PORT_RANGE: PortRange = { first: 16400, last: 16999 };

/**
 * Assignments are read-modify-write of one file; two resources connecting at once must not both
 * take the first free port. One queue per file, for every PortStore of this process.
 */
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(file: string, work: () => Promise<T>): Promise<T> {
  const next = (queues.get(file) ?? Promise.resolve()).then(work, work);
  queues.set(file, next.catch(() => undefined));
  return next;
}

export class PortStore {
  constructor(
    private readonly file: string,
    private readonly range: PortRange = DEFAULT_PORT_RANGE,
  ) {}

  /**
   * The resource's port: fixed by the org file, or remembered, or newly assigned — a new
   * assignment skips ports something else on this machine is listening on right now.
   */
  async portFor(resource: string, fixed: number | undefined, reservedByOrg: ReadonlySet<number> = new Set()): Promise<number> {
    if (fixed !== undefined) return fixed;
    return serialised(this.file, () => this.assign(resource, reservedByOrg));
  }

  private async assign(resource: string, reservedByOrg: ReadonlySet<number>): Promise<number> {
    const ports = readJsonFile<Record<string, number>>(this.file, {});
    const known = ports[resource];
    if (known !== undefined) return known;
    const taken = new Set([...Object.values(ports), ...reservedByOrg]);
    for (let port = this.range.first; port <= this.range.last; port++) {
      if (!taken.has(port) && (await isFree(port))) {
        ports[resource] = port;
        writeJsonFile(this.file, ports);
        return port;
      }
    }
    throw new Error(`no free port left in ${this.range.first}-${this.range.last} for resource "${resource}"; set "port:" for it in the org file`);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
