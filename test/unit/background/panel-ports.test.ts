import { describe, expect, it, vi } from 'vitest';
import { acceptPanelPort, type PanelPortLike } from '../../../lib/extension/background/panel-ports';
import { keepPanelPort } from '../../../lib/extension/content/panel-port';
import { PANEL_PORT } from '../../../lib/extension/content/panel-flag';

const OPTS = { extensionId: 'ext-id', extensionBaseUrl: 'chrome-extension://ext-id/' };
const HUBSPOT = { id: 'ext-id', url: 'https://app.hubspot.com/contacts/1001/record/0-1/101', frameId: 0, tab: { id: 5 } };

function port(name: string, sender: PanelPortLike['sender']) {
  let onDisconnect: (() => void) | null = null;
  const p = { name, sender, disconnect: vi.fn(), onDisconnect: { addListener: (cb: () => void) => void (onDisconnect = cb) } };
  return { p, close: () => onDisconnect?.() };
}

describe('the panel port, background side', () => {
  it("reports the tab while the panel's port is open", () => {
    const panel = { panelConnected: vi.fn(), panelDisconnected: vi.fn() };
    const { p, close } = port(PANEL_PORT, HUBSPOT);
    acceptPanelPort(p, OPTS, panel);
    expect(panel.panelConnected).toHaveBeenCalledWith(5);
    expect(panel.panelDisconnected).not.toHaveBeenCalled();
    close();
    expect(panel.panelDisconnected).toHaveBeenCalledWith(5);
    expect(p.disconnect).not.toHaveBeenCalled();
  });

  it.each([
    ['another name', 'other', HUBSPOT],
    ['a sub-frame', PANEL_PORT, { ...HUBSPOT, frameId: 3 }],
    ['a page outside HubSpot', PANEL_PORT, { ...HUBSPOT, url: 'https://evil.example/contacts/1001/record/0-1/101' }],
    ['another extension', PANEL_PORT, { ...HUBSPOT, id: 'other-ext' }],
    ['no tab', PANEL_PORT, { id: 'ext-id', url: HUBSPOT.url, frameId: 0 }],
    ["this extension's own page", PANEL_PORT, { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', frameId: 0, tab: { id: 5 } }],
  ])('closes a port from %s and counts nothing', (_what, name, sender) => {
    const panel = { panelConnected: vi.fn(), panelDisconnected: vi.fn() };
    const { p } = port(name, sender);
    acceptPanelPort(p, OPTS, panel);
    expect(p.disconnect).toHaveBeenCalled();
    expect(panel.panelConnected).not.toHaveBeenCalled();
  });
});

describe('the panel port, panel side', () => {
  it('opens once, reopens before the next message after the background stopped, and stays closed once closed', () => {
    const opened: Array<ReturnType<typeof port>> = [];
    const keep = keepPanelPort(() => {
      const o = port(PANEL_PORT, undefined);
      opened.push(o);
      return o.p;
    });
    keep.ensure();
    keep.ensure();
    expect(opened).toHaveLength(1);
    opened[0]!.close();
    keep.ensure();
    expect(opened).toHaveLength(2);
    keep.close();
    expect(opened[1]!.p.disconnect).toHaveBeenCalled();
    keep.ensure();
    expect(opened).toHaveLength(2);
  });

  it('closes on pagehide (the next document must be probed) and opens again when the page comes back from the back/forward cache', () => {
    const opened: Array<ReturnType<typeof port>> = [];
    const handlers: Record<string, (e: { persisted?: boolean }) => void> = {};
    const page = { addEventListener: (type: 'pagehide' | 'pageshow', cb: (e: { persisted?: boolean }) => void) => void (handlers[type] = cb) };
    const keep = keepPanelPort(() => {
      const o = port(PANEL_PORT, undefined);
      opened.push(o);
      return o.p;
    }, page);
    keep.ensure();
    handlers.pagehide!({ persisted: true });
    expect(opened[0]!.p.disconnect).toHaveBeenCalled();
    // Hidden: a message now (there is none in a cached page) would not reopen it.
    keep.ensure();
    expect(opened).toHaveLength(1);
    handlers.pageshow!({ persisted: false });
    expect(opened).toHaveLength(1);
    handlers.pageshow!({ persisted: true });
    expect(opened).toHaveLength(2);
  });

  it('a connect that throws (the extension was reloaded) is not fatal', () => {
    const keep = keepPanelPort(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(() => keep.ensure()).not.toThrow();
  });
});
