/** The part of `runtime.Port` the panel needs. */
export interface PortLike {
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

/** The page's window: `pagehide` and `pageshow` (with `persisted` for the back/forward cache). */
export interface PageEvents {
  addEventListener(type: 'pagehide' | 'pageshow', cb: (e: { persisted?: boolean }) => void, opts?: { signal?: AbortSignal }): void;
}

/**
 * Keeps the panel's port to the background open (its name: PANEL_PORT) while this document is the
 * tab's current one, so the background knows the tab has a panel and does not probe it on every
 * navigation. The port is closed on `pagehide`, before the next document commits: the browser
 * alone would leave it open while the page sits in the back/forward cache (Firefox does), and the
 * background would then take the new document for one with a panel. It is opened again when
 * the page comes back from that cache, and just before the panel's next message after the
 * background stopped (a message wakes the background anyway, so the port never does).
 */
export function keepPanelPort(connect: () => PortLike, page?: PageEvents, signal?: AbortSignal) {
  let port: PortLike | null = null;
  let closed = false;
  let hidden = false;
  const ensure = () => {
    if (port || closed || hidden) return;
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
  const drop = () => {
    port?.disconnect();
    port = null;
  };
  page?.addEventListener(
    'pagehide',
    () => {
      hidden = true;
      drop();
    },
    { signal },
  );
  page?.addEventListener(
    'pageshow',
    (e) => {
      if (!e.persisted) return;
      hidden = false;
      ensure();
    },
    { signal },
  );
  return {
    ensure,
    /** The panel is going away (its extension context was invalidated). */
    close() {
      closed = true;
      drop();
    },
  };
}
