import type { CDPSession, Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { PANEL_HOST } from '../../../lib/extension/content/panel-flag';

/**
 * The panel's shadow root is closed: page scripts get `null` from `host.shadowRoot`. The tests
 * read and drive it the way only the browser's automation protocol can — DevTools' DOM domain
 * in Chromium, WebDriver BiDi's shadow-tree serialisation in Firefox — and run the function in
 * a separate world of their own, so nothing the page patched (prototypes, querySelector) can
 * change what a test sees.
 */
export type PanelFn<R, A> = (root: ShadowRoot, arg: A) => R;
export type InPanel = <R, A>(fn: PanelFn<R, A>, arg: A) => Promise<R | null>;

const WORLD = 'portside-e2e';

/** An exception thrown by the test's own function: a bug in the test, never "no panel yet". */
class InPanelError extends Error {}

/**
 * Protocol errors while the page navigates or the panel remounts (a node or realm gone between two
 * calls) mean "no panel right now"; callers poll. E2E_DEBUG=1 prints them.
 */
function transient(e: unknown): null {
  if (e instanceof InPanelError) throw e;
  if (process.env.E2E_DEBUG) console.log('[panel]', (e as Error).message);
  return null;
}
// `arg` travels as JSON and the answer comes back as JSON: both protocols then return plain values.
const wrap = (fn: PanelFn<unknown, unknown>) => `async function (arg) { return JSON.stringify(await (${fn.toString()})(this, JSON.parse(arg)) ?? null); }`;

/** Chromium over CDP: DOM.describeNode with `pierce` lists closed shadow roots. */
export function chromiumPanel(page: PwPage): InPanel {
  let session: Promise<CDPSession> | null = null;
  const cdp = () => (session ??= page.context().newCDPSession(page));
  return async (fn, arg) => {
    const s = await cdp();
    try {
      const shadow = (await findPanelNodes(s))?.shadow ?? null;
      if (shadow === null) return null;
      const { frameTree } = await s.send('Page.getFrameTree');
      const { executionContextId } = await s.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: WORLD });
      const { object } = await s.send('DOM.resolveNode', { backendNodeId: shadow, executionContextId, objectGroup: WORLD });
      const r = await s.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: wrap(fn as PanelFn<unknown, unknown>),
        arguments: [{ value: JSON.stringify(arg ?? null) }],
        returnByValue: true,
        awaitPromise: true,
      });
      if (r.exceptionDetails) throw new InPanelError(`in the panel: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return JSON.parse(r.result.value as string);
    } catch (e) {
      return transient(e);
    } finally {
      await s.send('Runtime.releaseObjectGroup', { objectGroup: WORLD }).catch(() => {});
    }
  };
}

/** The backend node ids of the last panel host and its shadow root, or null. */
export async function findPanelNodes(s: CDPSession): Promise<{ host: number; shadow: number } | null> {
  const { root } = await s.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await s.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: PANEL_HOST.selector });
  for (const nodeId of [...nodeIds].reverse()) {
    const { node } = await s.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (shadow) return { host: node.backendNodeId, shadow: shadow.backendNodeId };
  }
  return null;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: BidiResult }>;
}
interface BidiResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown; handle?: string; sharedId?: string };
  exceptionDetails?: { text: string };
}

/**
 * Firefox over WebDriver BiDi: `includeShadowTree: "all"` serialises a closed shadow root as a
 * shared reference, which `script.callFunction` accepts as `this`. Puppeteer has no public call
 * for it, so the raw command goes through its BiDi connection.
 */
export function firefoxPanel(page: PpPage): InPanel {
  const connection = (page.browser() as unknown as { connection: BidiConnection }).connection;
  return async (fn, arg) => {
    const target = { context: (page.mainFrame() as unknown as { _id: string })._id, sandbox: WORLD };
    const host = await connection
      .send('script.callFunction', {
      functionDeclaration: '(selector) => [...document.querySelectorAll(selector)].reverse()[0] ?? null',
      arguments: [{ type: 'string', value: PANEL_HOST.selector }],
      target,
      awaitPromise: false,
      resultOwnership: 'root',
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
      })
      .catch(transient);
    const hostNode = host?.result.result as { handle?: string; value?: { shadowRoot?: { sharedId?: string } | null } } | undefined;
    try {
      const shadowId = hostNode?.value?.shadowRoot?.sharedId;
      if (!shadowId) return null;
      const r = await connection
        .send('script.callFunction', {
          functionDeclaration: wrap(fn as PanelFn<unknown, unknown>),
          this: { sharedId: shadowId },
          arguments: [{ type: 'string', value: JSON.stringify(arg ?? null) }],
          target,
          awaitPromise: true,
          resultOwnership: 'none',
        })
        .catch(transient);
      if (!r) return null;
      if (r.result.type === 'exception') throw new InPanelError(`in the panel: ${r.result.exceptionDetails?.text}`);
      return JSON.parse(r.result.result?.value as string);
    } finally {
      if (hostNode?.handle) await connection.send('script.disown', { handles: [hostNode.handle], target }).catch(() => {});
    }
  };
}
