// The user the bench acts as, with the groups Gatehouse derives for them — asked from the real CLI
// (`gatehouse whoami --json`), so the direct and kubectl-proxy columns impersonate exactly the
// identity Gatehouse sends.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Headers } from './endpoint';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));

export interface BenchIdentity {
  email: string;
  roles: string[];
  groups: string[];
}

export function whoami(org: string, user: string): BenchIdentity {
  const out = execFileSync(process.execPath, [BIN, 'whoami', '--json', '--org', org, '--user', user], {
    encoding: 'utf8',
  });
  const parsed = JSON.parse(out) as BenchIdentity;
  return { email: parsed.email, roles: parsed.roles, groups: parsed.groups };
}

export function impersonationHeaders(id: BenchIdentity): Headers {
  return { 'Impersonate-User': id.email, 'Impersonate-Group': id.groups };
}

export function impersonationFlags(id: BenchIdentity): string[] {
  return [`--as=${id.email}`, ...id.groups.map((g) => `--as-group=${g}`)];
}
