// Runs in node: `navigator`, `document` and `HTMLElement` are small stand-ins with just what
// clipboard.ts touches, so both the Clipboard API path and the hidden-textarea fallback are covered.
import { type Mock, afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';

class FakeElement {
  focused = 0;
  focus(): void {
    this.focused += 1;
  }
}

class FakeTextarea extends FakeElement {
  value = '';
  className = '';
  readonly attributes = new Map<string, string>();
  selected = false;
  removed = false;
  constructor(private readonly page: FakeDocument) {
    super();
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  select(): void {
    this.selected = true;
    this.page.activeElement = this;
  }
  remove(): void {
    this.removed = true;
    this.page.children = this.page.children.filter((child) => child !== this);
  }
}

class FakeDocument {
  activeElement: FakeElement | null = null;
  children: FakeTextarea[] = [];
  /** What the copy command saw: the selected textarea's value, while it was in the page. */
  copied: string | null = null;
  readonly body = { append: (child: FakeTextarea): void => void this.children.push(child) };
  constructor(private readonly copy: 'works' | 'refused' | 'throws') {}
  createElement(tag: string): FakeTextarea {
    expect(tag).toBe('textarea');
    return new FakeTextarea(this);
  }
  execCommand(command: string): boolean {
    expect(command).toBe('copy');
    if (this.copy === 'throws') throw new Error('not allowed');
    const selected = this.children.find((child) => child.selected && child === this.activeElement);
    if (this.copy === 'refused' || selected === undefined) return false;
    this.copied = selected.value;
    return true;
  }
}

function stubPage(options: { clipboard: 'none' | 'works' | 'rejects'; copy?: 'works' | 'refused' | 'throws' }): {
  page: FakeDocument;
  writeText: Mock<(text: string) => Promise<void>>;
} {
  const page = new FakeDocument(options.copy ?? 'works');
  const writeText = vi.fn<(text: string) => Promise<void>>(() =>
    options.clipboard === 'works' ? Promise.resolve() : Promise.reject(new DOMException('denied', 'NotAllowedError')),
  );
  vi.stubGlobal('navigator', options.clipboard === 'none' ? {} : { clipboard: { writeText } });
  vi.stubGlobal('document', page);
  vi.stubGlobal('HTMLElement', FakeElement);
  return { page, writeText };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('copyText', () => {
  it('uses the Clipboard API when it is there', async () => {
    const { page, writeText } = stubPage({ clipboard: 'works' });
    await expect(copyText('kubectl get pods')).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledExactlyOnceWith('kubectl get pods');
    expect(page.copied).toBeNull(); // no fallback
  });

  it.each(['none', 'rejects'] as const)(
    'falls back to a hidden textarea when the Clipboard API is %s',
    async (clipboard) => {
      const { page } = stubPage({ clipboard });
      const button = new FakeElement();
      page.activeElement = button;
      await expect(copyText('token: <hidden>')).resolves.toBe(true);
      expect(page.copied).toBe('token: <hidden>');
      expect(page.children).toEqual([]); // the textarea is gone again
      expect(button.focused).toBe(1); // focus goes back to the copy button
    },
  );

  it('the fallback textarea is read-only and off screen', async () => {
    const { page } = stubPage({ clipboard: 'none' });
    let textarea: FakeTextarea | undefined;
    const create = page.createElement.bind(page);
    page.createElement = (tag) => (textarea = create(tag));
    await copyText('x');
    expect(textarea?.attributes.get('readonly')).toBe('');
    expect(textarea?.className).toBe('offscreen');
    expect(textarea?.removed).toBe(true);
  });

  it.each(['refused', 'throws'] as const)('says false when the copy command is %s', async (copy) => {
    const { page } = stubPage({ clipboard: 'rejects', copy });
    await expect(copyText('x')).resolves.toBe(false);
    expect(page.children).toEqual([]);
  });

  it('does not try to focus what was not an element', async () => {
    const { page } = stubPage({ clipboard: 'none' });
    page.activeElement = null;
    await expect(copyText('x')).resolves.toBe(true);
  });
});
