/** The part of `runtime.Port` the panel needs. */
export interface PortLike {
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

/**
 * Keeps the panel's port to the background open (its name: PANEL_PORT), so the background knows
 * this tab has a panel and does not probe it on every navigation. The port closes when the
 * background stops; it is opened again just before the panel's next message (`ensure`), which
 * wakes the background anyway, so an idle background is never kept or woken by it.
 */
export function keepPanelPort(connect: () => PortLike) {
  let port: PortLike | null = null;
  let closed = false;
  const ensure = () => {
    if (port || closed) return;
    try {
      const opened = connect();
      port = opened;
      opened.onDisconnect.addListener(() => {
        if (port === opened) port = null;
      });
    } catch {
      // The extension was reloaded or removed: this panel is being invalidated; nothing to keep.
      port = null;
    }
  };
  return {
    ensure,
    /** The panel is going away (its extension context was invalidated). */
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}
