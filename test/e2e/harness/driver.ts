/**
 * The few page operations the end-to-end scenarios need, implemented for both Playwright
 * (Chromium) and Puppeteer over WebDriver BiDi (Firefox), so one scenario runs in both.
 */
export interface Driver {
  goto(url: string): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  textOf(selector: string): Promise<string | null>;
  screenshot(path: string): Promise<void>;
}

export interface PanelView {
  present: boolean;
  texts: Record<string, string>;
  states: Record<string, string>;
}

/** Reads the panel through its (open) shadow root, the way a person would read the screen. */
export function readPanel(d: Driver): Promise<PanelView> {
  return d.evaluate(() => {
    const host = document.querySelector('portside-panel');
    const root = host?.shadowRoot;
    const panel = root?.querySelector('[data-testid="portside-panel"]');
    const texts: Record<string, string> = {};
    const states: Record<string, string> = {};
    if (root && panel) {
      for (const el of Array.from(root.querySelectorAll('[data-testid]'))) {
        const id = el.getAttribute('data-testid')!;
        texts[id] = (el.textContent ?? '').trim();
        const state = el.getAttribute('data-state');
        if (state) states[id] = state;
      }
    }
    return { present: Boolean(panel), texts, states };
  }, null);
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
