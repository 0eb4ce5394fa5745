import { expect } from 'vitest';
import { PANEL_HOST } from '../../../lib/extension/content/panel-flag';
import { pushState, readPanel, until, type Driver, type PanelView } from '../harness/driver';

/**
 * What a script in HubSpot's page can learn of the panel, tried as an attacker with full control
 * of the page would: it runs first (on a list page, before the background injects the panel) and
 * sets traps — prototype patches that would force any shadow root open or capture nodes added
 * to it, custom elements named like the panel's host (today's and the old `portside-panel`) that
 * take their ElementInternals, which expose even a closed root attached to a custom element —
 * then, with the panel showing, reads
 * every channel it has: `host.shadowRoot`, the traps, `innerText`/`textContent`/`outerHTML`,
 * `getHTML({ serializableShadowRoots })`, a select-all selection, `window.find`.
 * Returns what each channel yielded, for the caller's assertions.
 */
export async function pagePeeksAtPanel(d: Driver, origin: string, ready: (v: PanelView) => boolean, guess: string) {
  await d.goto(`${origin}/contacts/1001/objects/0-1/views/all/list`);
  await d.evaluate((hostTags) => {
    const w = window as unknown as { __peek: { roots: ShadowRoot[]; nodes: Node[]; internals: ElementInternals[] } };
    const peek: typeof w.__peek = { roots: [], nodes: [], internals: [] };
    w.__peek = peek;
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, { ...init, mode: 'open' });
      peek.roots.push(root);
      return root;
    };
    for (const [proto, name] of [
      [Node.prototype, 'appendChild'],
      [Node.prototype, 'insertBefore'],
      [Element.prototype, 'append'],
    ] as const) {
      const original = (proto as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      (proto as unknown as Record<string, unknown>)[name] = function (this: Node, ...args: unknown[]) {
        peek.nodes.push(this);
        return original.apply(this, args);
      };
    }
    for (const tag of hostTags) {
      try {
        customElements.define(
          tag,
          class extends HTMLElement {
            constructor() {
              super();
              peek.internals.push(this.attachInternals());
            }
          },
        );
      } catch {
        // Not a valid custom element name (a built-in element), or already defined.
      }
    }
  }, [PANEL_HOST.tag, 'portside-panel']);
  await pushState(d, '/contacts/1001/record/0-1/101');
  const view = await until('panel shown', () => readPanel(d), ready, 15_000);

  const channels = await d.evaluate(({ hostSelector, guess }) => {
    const w = window as unknown as { __peek: { roots: ShadowRoot[]; nodes: Node[]; internals: ElementInternals[] } };
    const text = (n: Node | null | undefined) => (n ? (n.textContent ?? '') : '');
    const all = Array.from(document.querySelectorAll('*'));
    const hosts = all.filter((e) => e.matches(hostSelector) || e.tagName.toLowerCase().startsWith('portside'));
    const selection = getSelection();
    selection?.selectAllChildren(document.body);
    const selected = selection?.toString() ?? '';
    selection?.removeAllRanges();
    const body = document.body as HTMLElement & { getHTML?: (o: object) => string };
    // Find a guessed prefix, then grow the selection over what follows it.
    let grown = '';
    if ((window as unknown as { find(s: string): boolean }).find(guess)) {
      const sel = getSelection() as Selection & { modify?(a: string, d: string, g: string): void };
      sel.modify?.('extend', 'forward', 'line');
      sel.modify?.('extend', 'forward', 'paragraph');
      grown = sel.toString();
      sel.removeAllRanges();
    }
    return {
      anyShadowRoot: all.map((e) => text(e.shadowRoot)).join(''),
      hostTextContent: hosts.map((h) => text(h)).join('\n'),
      forcedOpenRoots: w.__peek.roots.map(text).join('\n'),
      capturedNodes: w.__peek.nodes.map(text).join('\n'),
      elementInternals: w.__peek.internals.map((i) => text(i.shadowRoot)).join('\n'),
      innerText: document.body.innerText,
      outerHTML: document.documentElement.outerHTML,
      getHTML: body.getHTML ? body.getHTML({ serializableShadowRoots: true }) : '',
      selection: selected,
      findThenGrowSelection: grown,
      hostsFound: String(hosts.length),
    };
  }, { hostSelector: PANEL_HOST.selector, guess });
  return { view, channels };
}

/** The panel text a page script must not be able to read, checked against every channel. */
export function expectPanelUnreadable(channels: Record<string, string>, secrets: string[]) {
  for (const secret of secrets) {
    expect(secret.length, 'a secret to look for').toBeGreaterThan(3);
    for (const [channel, seen] of Object.entries(channels)) expect(seen, `${channel} reveals "${secret}"`).not.toContain(secret);
  }
}

/** Whether `window.find` in the page matches `text`: a yes/no answer to a guess, not a read. */
export const pageFinds = (d: Driver, text: string) => d.evaluate((t) => (window as unknown as { find(s: string): boolean }).find(t), text);
