// The layout is enforced, not just described (ARCHITECTURE.md): the project's own lint rules refuse
// a CLI command that reaches past the API client, and any tier that imports one above it.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function tierErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'gatehouse/tiers').map((m) => m.message);
}

describe('the tiers of app/', () => {
  it.each([
    [
      'a CLI command importing a domain module',
      'app/cli/commands/x.ts',
      "import { loadOrg } from '../../domain/org/load';",
      'the CLI imports only',
    ],
    [
      'a CLI command importing the handler table',
      'app/cli/commands/x.ts',
      "import { dispatch } from '../../api/handlers';",
      'the CLI imports only',
    ],
    [
      'a CLI command importing a host',
      'app/cli/commands/x.ts',
      "import { startHost } from '../../hosts/start-host';",
      'the CLI imports only',
    ],
    [
      'the domain importing a service',
      'app/domain/proxy/x.ts',
      "import { ConnectionManager } from '../../services/connections/manager';",
      'is above app/domain',
    ],
    [
      'a service importing the API',
      'app/services/core/x.ts',
      "import { dispatch } from '../../api/handlers';",
      'is above app/services',
    ],
    [
      'the API importing a transport',
      'app/api/x.ts',
      "import { ControlClient } from '../transports/control-client';",
      'is above app/api',
    ],
    ['a folder that is no tier', 'app/misc/x.ts', 'export const x = 1;', 'is not a tier'],
  ])('refuses %s', async (_name, file, source, message) => {
    const errors = await tierErrors(file, source);
    expect(errors.join('\n')).toContain(message);
  });

  it.each([
    [
      'a CLI command using the API client',
      'app/cli/commands/x.ts',
      "import { readingApi } from '../../client/reach-api';",
    ],
    [
      'a hosting command starting a host',
      'app/cli/hosting/x.ts',
      "import { startHost } from '../../hosts/start-host';",
    ],
    [
      'a host using a transport',
      'app/hosts/x.ts',
      "import { serveControlSocket } from '../transports/control-socket';",
    ],
    [
      'the domain using the platform',
      'app/domain/proxy/x.ts',
      "import { writeFileAtomic } from '../../platform/atomic-write';",
    ],
  ])('allows %s', async (_name, file, source) => {
    expect(await tierErrors(file, source)).toEqual([]);
  });
});
