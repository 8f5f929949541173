// Signing in at a gateway (SPEC §10) as the host runs it for any client: `gateway.signIn` finds the
// gateway's sign-in document and the IdP, starts the browser flow (authorization code + PKCE with
// a loopback redirect) or the device flow, and answers at once with what the client shows; the
// flow finishes here, in the host, whichever client waits for it (`gateway.awaitSignIn`). One
// sign-in is under way at a time: a new one cancels the last.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GatewaySignInRequest, PendingSignIn, SessionInfo } from '../../../shared/api';
import { GatehouseError, messageOf } from '../../../shared/errors';
import {
  openIdProvider,
  readGatewayInfo,
  startBrowserSignIn,
  startDeviceSignIn,
  type TokenSet,
} from '../../domain/sign-in';
import { certificatesOf } from '../../domain/sign-in/trust';
import type { AppPaths } from '../../platform/paths';
import { login, plainBox, type SecretBox } from '../gateway-session';
import type { SettingsStore } from '../state/settings-store';
import type { GatewayModeSession, GatewayModeStart } from './gateway-mode-session';
import { startOf } from './saved-gateway';

export interface SignInHost {
  paths: AppPaths;
  settings: SettingsStore;
  secretBox?: SecretBox;
  openExternal?: (url: string) => Promise<boolean>;
  /** Enters gateway mode with the finished sign-in (reads /v1/me). */
  enterGateway(start: GatewayModeStart): Promise<GatewayModeSession>;
  onExpired(reason: string): void;
  sessionInfo(): SessionInfo;
  /** Settings changed (the remembered gateway): tell subscribers. */
  settingsChanged(): void;
}

interface Running {
  pending: PendingSignIn;
  done: Promise<SessionInfo>;
  cancel(): void;
}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new GatehouseError(
      'config',
      `CA file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`,
    );
  }
  certificatesOf(pem, `CA file ${file}`);
  return pem;
}

export class GatewaySignIns {
  private running: Running | null = null;

  constructor(private readonly host: SignInHost) {}

  async begin(request: GatewaySignInRequest): Promise<PendingSignIn> {
    this.running?.cancel();
    this.running = null;
    const caFile =
      request.caFile === undefined ? null : resolve(request.environment?.cwd ?? process.cwd(), request.caFile);
    const caPem = caFile === null ? null : readCaFile(caFile);
    const { gateway, info } = await readGatewayInfo(request.gateway, caPem);
    const provider = await openIdProvider(info, caPem);
    const id = randomBytes(12).toString('base64url');
    let flow: { done: Promise<TokenSet>; cancel(): void };
    let pending: PendingSignIn;
    if (request.device === true) {
      if (!provider.canDevice)
        throw new GatehouseError(
          'refused',
          `the identity provider ${info.issuer} offers no device sign-in; sign in with a browser (without --device)`,
        );
      const device = await startDeviceSignIn(provider);
      flow = device;
      pending = {
        id,
        gateway,
        kind: 'device',
        verificationUri: device.verificationUri,
        verificationUriComplete: device.verificationUriComplete,
        userCode: device.userCode,
        expiresAt: device.expiresAt.toISOString(),
      };
    } else {
      const browser = await startBrowserSignIn(
        provider,
        this.host.openExternal ? { openUrl: this.host.openExternal } : {},
      );
      flow = browser;
      pending = { id, gateway, kind: 'browser', url: browser.url, opened: browser.opened };
    }
    const done = flow.done.then(async (tokens) => {
      const saved = login(
        { gateway, caPem, info, tokens },
        {
          file: this.host.paths.gatewaySession,
          box: this.host.secretBox ?? plainBox,
          provider,
          onExpired: (reason) => this.host.onExpired(reason),
        },
      );
      const session = await this.host.enterGateway(startOf(saved));
      const refusal = session.refusedBy;
      if (refusal) {
        // Signed in at the IdP, but the gateway will not have this person: not a sign-in at all.
        await saved.forget();
        throw new GatehouseError(
          refusal.kind,
          `signed in at ${info.issuer} as ${tokens.username}, but the gateway refuses: ${refusal.message}`,
        );
      }
      this.host.settings.update({ gatewayUrl: gateway, gatewayCaFile: caFile });
      this.host.settingsChanged();
      return this.host.sessionInfo();
    });
    // Whoever waits sees the outcome; nobody waiting must not make it an unhandled rejection.
    done.catch(() => {});
    this.running = { pending, done, cancel: () => flow.cancel() };
    return pending;
  }

  async wait(id: string): Promise<SessionInfo> {
    const running = this.running;
    if (!running || running.pending.id !== id)
      throw new GatehouseError(
        'not-found',
        `no sign-in ${JSON.stringify(id.slice(0, 40))} is under way (a newer one replaced it, or it was cancelled)`,
      );
    try {
      return await running.done;
    } finally {
      if (this.running === running) this.running = null;
    }
  }

  cancel(id: string): void {
    if (this.running?.pending.id !== id) return;
    this.running.cancel();
    this.running = null;
  }

  close(): void {
    this.running?.cancel();
    this.running = null;
  }
}
