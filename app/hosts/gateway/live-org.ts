// The gateway's org (SPEC §10): loaded at start (the gateway does not listen without one) and
// reloaded live. Mounted from a ConfigMap, the file is a symlink into a `..data` directory that
// Kubernetes swaps atomically, so the directory is watched for any change (the event names
// `..data`, not the file), and a cheap poll of the file's identity backs the watch up where events
// are not delivered (network and overlay filesystems). An invalid edit keeps the last valid org.
import { realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Org } from '../../../shared/org';
import { messageOf } from '../../../shared/errors';
import { loadOrg } from '../../domain/org/load';

export interface LiveOrgOptions {
  /** The config's `serviceAccountDir`: where `inCluster: true` resources that name none look. */
  serviceAccountDir?: string;
  /** After each reload attempt; `error` is the org file's problem (one line per problem). */
  onReload?: (outcome: { ok: true; org: Org } | { ok: false; error: string }) => void;
  pollIntervalMs?: number;
  debounceMs?: number;
}

/** inCluster resources without their own directory get the gateway's. */
function withServiceAccountDir(org: Org, dir: string | undefined): Org {
  if (dir === undefined) return org;
  return {
    ...org,
    resources: org.resources.map((r) => ('inCluster' in r.cluster && r.cluster.serviceAccountDir === undefined ? { ...r, cluster: { ...r.cluster, serviceAccountDir: dir } } : r)),
  };
}

/** What changes when the file (or the symlink chain to it) is replaced. */
function fingerprint(file: string): string {
  try {
    const real = realpathSync(file);
    const s = statSync(real);
    return `${real}|${s.ino}|${s.size}|${s.mtimeMs}`;
  } catch (err) {
    return `missing:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

export class LiveOrg {
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private seen: string;
  private reloading: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** The last reload's problem, while the org in use is an older valid one. */
  lastError: string | null = null;
  loadedAt: Date;

  private constructor(
    readonly file: string,
    private org: Org,
    private readonly options: LiveOrgOptions,
  ) {
    this.seen = fingerprint(file);
    this.loadedAt = new Date();
  }

  /** Loads the org (throws OrgFileError, kind config, when it is not valid) and starts watching it. */
  static async start(file: string, options: LiveOrgOptions = {}): Promise<LiveOrg> {
    const loaded = await loadOrg(file);
    const live = new LiveOrg(loaded.file, withServiceAccountDir(loaded.org, options.serviceAccountDir), options);
    live.watch();
    return live;
  }

  current(): Org {
    return this.org;
  }

  private watch(): void {
    try {
      this.watcher = watch(path.dirname(this.file), () => this.schedule());
      this.watcher.on('error', () => {});
    } catch {
      // Not watchable: the poll below still sees changes.
    }
    this.poll = setInterval(() => {
      if (fingerprint(this.file) !== this.seen) this.schedule();
    }, this.options.pollIntervalMs ?? 5_000);
    this.poll.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), this.options.debounceMs ?? 200);
  }

  /** Reads the file again now (also what the watch calls); settles when done. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.again = false;
        const print = fingerprint(this.file);
        try {
          const loaded = await loadOrg(this.file);
          if (this.closed) return;
          this.seen = print;
          const org = withServiceAccountDir(loaded.org, this.options.serviceAccountDir);
          // Other files in the directory change too (a watch sees them all): same org, nothing to do.
          if (this.lastError === null && JSON.stringify(org) === JSON.stringify(this.org)) continue;
          this.org = org;
          this.loadedAt = new Date();
          this.lastError = null;
          this.options.onReload?.({ ok: true, org: this.org });
        } catch (err) {
          if (this.closed) return;
          this.seen = print;
          const error = messageOf(err);
          if (error === this.lastError) continue;
          this.lastError = error;
          this.options.onReload?.({ ok: false, error });
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
  }
}
