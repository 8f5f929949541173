// Just enough of a browser to walk the test provider's pages over HTTPS: a cookie jar (by name;
// the provider's cookies are all distinct by name), manual redirects, and forms read from the HTML.
import { request } from 'node:https';

export interface PageResponse {
  status: number;
  location?: string;
  contentType: string;
  body: string;
}

const MAX_BODY = 1 << 20;

export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly caPem: string) {}

  send(method: 'GET' | 'POST', url: string, form?: Record<string, string>, accept = 'text/html'): Promise<PageResponse> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { accept };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.caPem, timeout: 15_000 }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          if (eq <= 0) continue;
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          // An expired cookie (`name=; expires=1970`) is the provider clearing it.
          if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
          else this.cookies.set(name, value);
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.length > MAX_BODY) req.destroy(new Error(`${method} ${url}: response larger than ${MAX_BODY} bytes`));
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location ? new URL(res.headers.location, url).href : undefined,
            contentType: res.headers['content-type'] ?? '',
            body: text,
          }),
        );
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within 15 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m?.[1]?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The forms of a page with their named inputs' values (what a browser would submit). */
export function formsOf(html: string, pageUrl: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = new URL(attr(m[1] ?? '', 'action') ?? pageUrl, pageUrl).href;
    const fields: Record<string, string> = {};
    for (const input of (m[2] ?? '').matchAll(/<input\b([^>]*)>/g)) {
      const name = attr(input[1] ?? '', 'name');
      if (name) fields[name] = attr(input[1] ?? '', 'value') ?? '';
    }
    forms.push({ action, fields });
  }
  return forms;
}
