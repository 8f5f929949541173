// Opens a URL in the person's browser for `gatehouse login` (the host could not: an agent, another
// terminal's process). `BROWSER` is honoured as many CLI tools do (a command, or "none"); else the
// platform's opener. Best effort: the URL is always printed too, for terminals without a browser.
import { spawn } from 'node:child_process';

function opener(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): [string, string[]] | null {
  const chosen = env.BROWSER?.trim();
  if (chosen === 'none') return null;
  if (chosen) return [chosen, [url]];
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/** True when an opener was started (not whether a browser showed the page). */
export function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const command = opener(url, env, platform);
  if (!command) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      const child = spawn(command[0], command[1], { stdio: 'ignore', detached: true, env });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
