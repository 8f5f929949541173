// What the desktop lets the system open for the core (CoreOptions.openExternal): the IdP's sign-in
// page, so only http(s). shell.openExternal hands a URL to whatever the OS registered for its
// scheme — file:, smb:, ms-msdt: and custom handlers have been ways to run code — so anything
// else is refused before it reaches the shell, whoever asked.

/** The URL as the shell should get it (normalised by the URL parser), or null when it is not http(s). */
export function browsableUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
}

/**
 * CoreOptions.openExternal over the shell's opener: true when the browser was asked and the shell
 * resolved; false when refused or when the shell failed (the URL is shown to the person anyway).
 */
export function externalOpener(open: (url: string) => Promise<void>): (url: string) => Promise<boolean> {
  return async (url) => {
    const target = browsableUrl(url);
    if (target === null) return false;
    try {
      await open(target);
      return true;
    } catch {
      return false;
    }
  };
}
