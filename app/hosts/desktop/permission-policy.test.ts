// Both Electron permission hooks answer from this function: no permission, for any page.
import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, isPermissionAllowed } from './permission-policy';

// Electron's permission names (check and request handlers), including the harmless-looking ones.
const PERMISSIONS = [
  'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection',
  'media', 'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal',
  'speaker-selection', 'storage-access', 'top-level-storage-access', 'window-management', 'unknown', 'fileSystem',
  'hid', 'serial', 'usb', 'deprecated-sync-clipboard-read',
];

describe('isPermissionAllowed', () => {
  it('refuses every permission, to our own page and to any other', () => {
    expect(ALLOWED_PERMISSIONS.size).toBe(0);
    for (const permission of PERMISSIONS) {
      for (const requestingUrl of ['file:///opt/Gatehouse/resources/app.asar/out/renderer/index.html', 'https://evil.example/', undefined]) {
        expect(isPermissionAllowed({ permission, requestingUrl }), `${permission} ${requestingUrl}`).toBe(false);
      }
    }
  });
});
