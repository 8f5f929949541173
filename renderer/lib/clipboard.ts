/**
 * Copies text. The async Clipboard API needs a secure context and focus (Electron and https browser
 * mode have both; plain-http browser mode on 127.0.0.1 counts as secure in Chromium but not in every
 * browser), so an old-style copy from a hidden textarea is the fallback.
 */
function copyWithTextarea(text: string): boolean {
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.className = 'offscreen';
  document.body.append(textarea);
  const previousFocus = document.activeElement;
  textarea.select();
  let copied: boolean;
  try {
    // Deprecated, but the only synchronous copy left when the Clipboard API is unavailable.
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  textarea.remove();
  if (previousFocus instanceof HTMLElement) previousFocus.focus();
  return copied;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard !== undefined) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // permission denied or not a secure context: try the fallback
  }
  return copyWithTextarea(text);
}
