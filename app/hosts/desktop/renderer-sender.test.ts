// The IPC sender check with the URLs Electron really reports: percent-encoded, forward slashes
// and a drive letter on Windows, a hash for the page's route — and the ones that must not pass.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRendererUrl, type RendererLocation } from './renderer-sender';

const WIN_INDEX = 'C:\\Program Files\\Gatehouse\\resources\\app.asar\\out\\renderer\\index.html';
const win: RendererLocation = { kind: 'file', indexHtml: WIN_INDEX, platform: 'win32' };
const POSIX_INDEX = '/opt/Gate house/resources/app.asar/out/renderer/index.html';
const posix: RendererLocation = { kind: 'file', indexHtml: POSIX_INDEX, platform: 'linux' };

describe('isRendererUrl, Windows paths', () => {
  const ours = pathToFileURL(WIN_INDEX, { windows: true }).href;

  it('accepts the page as Electron reports it (encoded space, forward slashes)', () => {
    expect(ours).toBe('file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer/index.html');
    expect(isRendererUrl(ours, win)).toBe(true);
    expect(isRendererUrl('file:///c:/program%20files/gatehouse/resources/app.asar/out/renderer/index.html', win)).toBe(true);
    expect(isRendererUrl(`${ours}#/settings`, win)).toBe(true);
    expect(isRendererUrl(`${ours}?tab=requests`, win)).toBe(true);
    // The old prefix test refused the real page: it compared against an unencoded backslash path.
    expect(ours.startsWith(`file://${path.win32.dirname(WIN_INDEX)}`)).toBe(false);
  });

  it('refuses other files, other directories, shares and other schemes', () => {
    for (const url of [
      'file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer/other.html',
      'file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer-evil/index.html',
      'file:///C:/Users/mallory/Downloads/index.html',
      'file:///D:/Program%20Files/Gatehouse/resources/app.asar/out/renderer/index.html',
      'file://evil/C$/Program%20Files/Gatehouse/resources/app.asar/out/renderer/index.html',
      'file://evil/share/out/renderer/index.html',
      'file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer%5Cindex.html',
      'https://evil.example/C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer/index.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isRendererUrl(url, win), url).toBe(false);
    }
    expect(isRendererUrl(undefined, win)).toBe(false);
    expect(isRendererUrl(null, win)).toBe(false);
  });

  it('sees through dot segments to the file itself', () => {
    expect(isRendererUrl('file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/main/../renderer/index.html', win)).toBe(true);
    expect(isRendererUrl('file:///C:/Program%20Files/Gatehouse/resources/app.asar/out/renderer/../../evil/index.html', win)).toBe(false);
  });
});

describe('isRendererUrl, POSIX paths', () => {
  const ours = pathToFileURL(POSIX_INDEX, { windows: false }).href;

  it('accepts the page with its spaces encoded, with a route', () => {
    expect(ours).toBe('file:///opt/Gate%20house/resources/app.asar/out/renderer/index.html');
    expect(isRendererUrl(ours, posix)).toBe(true);
    expect(isRendererUrl(`${ours}#/activity`, posix)).toBe(true);
    // The URL standard makes `localhost` the empty host for file: — the same local file.
    expect(isRendererUrl('file://localhost/opt/Gate%20house/resources/app.asar/out/renderer/index.html', posix)).toBe(true);
  });

  it('refuses a different case, a sibling directory, a host and an encoded slash', () => {
    for (const url of [
      'file:///opt/gate%20house/resources/app.asar/out/renderer/index.html',
      'file:///opt/Gate%20house/resources/app.asar/out/renderer-evil/index.html',
      'file:///opt/Gate%20house/resources/app.asar/out/renderer/index.html.evil',
      'file://evil/opt/Gate%20house/resources/app.asar/out/renderer/index.html',
      'file:///opt/Gate%20house/resources/app.asar/out/renderer%2Findex.html',
      'file:///tmp/index.html',
    ]) {
      expect(isRendererUrl(url, posix), url).toBe(false);
    }
  });
});

describe('isRendererUrl, dev server', () => {
  const dev: RendererLocation = { kind: 'dev-server', url: 'http://localhost:5173/' };
  it('accepts the dev server origin only', () => {
    expect(isRendererUrl('http://localhost:5173/#/settings', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isRendererUrl('file:///tmp/index.html', dev)).toBe(false);
  });
});
