import { PANEL_PORT } from '../content/panel-flag';
import { classifySender, type SenderFacts } from './router';

/** The part of `runtime.Port` the background needs. */
export interface PanelPortLike {
  name: string;
  sender?: SenderFacts;
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

/**
 * Accepts the port a panel opens from a HubSpot tab's top frame (lib/extension/content/panel-port.ts) and
 * reports its tab while it stays open. Only the browser-set sender facts count, checked as the
 * message router checks them; any other port is closed at once. Nothing is ever sent on it.
 */
export function acceptPanelPort(
  port: PanelPortLike,
  opts: { extensionId: string; extensionBaseUrl: string },
  panel: { panelConnected(tabId: number): void; panelDisconnected(tabId: number): void },
): void {
  const tabId = port.sender?.tab?.id;
  if (port.name !== PANEL_PORT || tabId === undefined || !port.sender || classifySender(port.sender, opts.extensionId, opts.extensionBaseUrl) !== 'content') {
    port.disconnect();
    return;
  }
  panel.panelConnected(tabId);
  port.onDisconnect.addListener(() => panel.panelDisconnected(tabId));
}
