import type { PanelFn } from './panel-access';

/**
 * The few page operations the end-to-end scenarios need, implemented for both Playwright
 * (Chromium) and Puppeteer over WebDriver BiDi (Firefox), so one scenario runs in both.
 * `evaluate` runs in the page's world, as a page script would; `inPanel` reaches the panel's
 * closed shadow root through the automation protocol (harness/panel-access.ts), which no page
 * script can do.
 */
export interface Driver {
  goto(url: string): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  textOf(selector: string): Promise<string | null>;
  screenshot(path: string): Promise<void>;
  /** Runs `fn` on the panel's shadow root; null when no panel is mounted. */
  inPanel<R, A>(fn: PanelFn<R, A>, arg: A): Promise<R | null>;
}

export interface PanelView {
  present: boolean;
  texts: Record<string, string>;
  states: Record<string, string>;
}

/** Reads the panel's text the way a person would read the screen. */
export async function readPanel(d: Driver): Promise<PanelView> {
  const seen = await d.inPanel((root) => {
    const panel = root.querySelector('[data-testid="portside-panel"]');
    const texts: Record<string, string> = {};
    const states: Record<string, string> = {};
    if (panel) {
      for (const el of Array.from(root.querySelectorAll('[data-testid]'))) {
        const id = el.getAttribute('data-testid')!;
        texts[id] = (el.textContent ?? '').trim();
        const state = el.getAttribute('data-state');
        if (state) states[id] = state;
      }
    }
    return { present: Boolean(panel), texts, states };
  }, null);
  return seen ?? { present: false, texts: {}, states: {} };
}

/** Waits for a panel element, then clicks it (React sees an ordinary click). */
export async function panelClick(d: Driver, selector: string): Promise<void> {
  const click = (root: ShadowRoot, sel: string) => {
    const el = root.querySelector<HTMLElement>(sel);
    if (!el || (el as HTMLButtonElement).disabled) return false;
    el.click();
    return true;
  };
  await until(`panel ${selector} to click`, () => d.inPanel(click, selector), (done) => done === true);
}

/**
 * Waits for a panel field, then types `value` into it as one edit: the element's own value
 * setter (not React's tracker, which lives in the content script's world) and an input event.
 */
export async function panelFill(d: Driver, selector: string, value: string): Promise<void> {
  const fill = (root: ShadowRoot, a: { sel: string; value: string }) => {
    const el = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(a.sel);
    if (!el) return false;
    el.focus();
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')!.set!.call(el, a.value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
  };
  await until(`panel ${selector} to fill`, () => d.inPanel(fill, { sel: selector, value }), (done) => done === true);
}

/** An attribute of the first panel element matching `selector` (the value property for `value`). */
export function panelAttr(d: Driver, selector: string, name: string): Promise<string | null> {
  return d.inPanel(
    (root, a) => {
      const el = root.querySelector(a.sel);
      if (!el) return null;
      return a.name === 'value' ? (el as HTMLInputElement).value : el.getAttribute(a.name);
    },
    { sel: selector, name },
  );
}

export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

/** HubSpot navigates between records without reloading; this is what its router does. */
export function pushState(d: Driver, path: string): Promise<void> {
  return d.evaluate((p) => {
    history.pushState({}, '', p);
  }, path);
}

/** Follows a link the way HubSpot's router does: the sandbox swaps the page content and pushes state. */
export function spaNavigate(d: Driver, path: string): Promise<void> {
  return d.evaluate((p) => {
    const a = document.createElement('a');
    a.href = p;
    a.setAttribute('data-spa-link', '');
    document.body.appendChild(a);
    a.click();
    a.remove();
  }, path);
}
