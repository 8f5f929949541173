// The last /v1/me answer, kept in app data so a host that starts while the gateway is down still
// knows which resources the person has (and keeps their ports). Nothing in it is a secret; it is
// only trusted for the gateway and person it was written for, and only to list resources — every
// request is still the gateway's decision.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppPaths } from '../../platform/paths';
import { readJsonFile, writeJsonFile } from '../state/json-file';
import { parseGatewayPerson, type GatewayPerson } from './gateway-person';

function cacheFile(paths: AppPaths): string {
  return join(paths.root, 'gateway-person.json');
}

interface Cached {
  gateway: string;
  username: string;
  me: unknown;
}

export function readPersonCache(paths: AppPaths, gateway: string, username: string): GatewayPerson | null {
  try {
    const cached = readJsonFile<Cached | null>(cacheFile(paths), null);
    if (!cached || cached.gateway !== gateway || cached.username !== username) return null;
    return parseGatewayPerson(cached.me, gateway);
  } catch {
    // A damaged cache is no cache: /v1/me is read again on start.
    return null;
  }
}

export function writePersonCache(paths: AppPaths, gateway: string, username: string, person: GatewayPerson): void {
  const { identity, resources, admin } = person;
  // Stored in /v1/me's own shape, so reading it back goes through the same check.
  const me = { ...identity, resourceDetails: resources, admin };
  try {
    writeJsonFile(cacheFile(paths), { gateway, username, me } satisfies Cached);
  } catch {
    // Only a convenience: failing to write it changes nothing now.
  }
}

export function removePersonCache(paths: AppPaths): void {
  rmSync(cacheFile(paths), { force: true });
}
