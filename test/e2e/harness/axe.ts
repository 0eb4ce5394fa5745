import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { PANEL_HOST } from '../../../lib/extension/content/panel-flag';
import { findPanelNodes } from './panel-access';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Where to look: the whole document, or only the panel inside its shadow root (HubSpot's page is not ours to judge). */
export type AxeScope = 'document' | 'panel';

/**
 * Runs axe-core over the page (in its main world) or the panel (see runAxeInPanel) and returns its violations. WCAG 2.0–2.2 A/AA and
 * axe's best practices; the caller decides which impacts fail the test.
 */
export async function runAxe(page: Page, scope: AxeScope): Promise<AxeFinding[]> {
  if (scope === 'panel') return runAxeInPanel(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.trim()) }));
  }, TAGS);
}

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * The panel's shadow root is closed, so axe in the page cannot see it. It runs instead in a
 * DevTools isolated world of the test's own, where the host is given its root back as
 * `shadowRoot` (an own property in that world only: the page and the extension never see it).
 */
async function runAxeInPanel(page: Page): Promise<AxeFinding[]> {
  const s = await page.context().newCDPSession(page);
  try {
    const nodes = await findPanelNodes(s);
    if (!nodes) throw new Error('no panel to check');
    const { frameTree } = await s.send('Page.getFrameTree');
    const { executionContextId } = await s.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'portside-axe' });
    await s.send('Runtime.evaluate', { expression: AXE_SOURCE, contextId: executionContextId });
    const host = await s.send('DOM.resolveNode', { backendNodeId: nodes.host, executionContextId });
    const root = await s.send('DOM.resolveNode', { backendNodeId: nodes.shadow, executionContextId });
    const r = await s.send('Runtime.callFunctionOn', {
      objectId: host.object.objectId,
      functionDeclaration: `async function (root, include, tags) {
        Object.defineProperty(this, 'shadowRoot', { get: () => root, configurable: true });
        const result = await axe.run({ include: [{ fromShadowDom: include }] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        // A check that saw nothing (the root not reachable) would pass vacuously.
        if (result.passes.length === 0) throw new Error('axe found nothing to check in the panel');
        return JSON.stringify(result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => (JSON.stringify(n.target) + ' ' + (n.failureSummary || '')).trim()) })));
      }`,
      arguments: [{ objectId: root.object.objectId }, { value: [PANEL_HOST.selector, '[data-testid="portside-panel"]'] }, { value: TAGS }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(`axe in the panel: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return JSON.parse(r.result.value as string) as AxeFinding[];
  } finally {
    await s.detach().catch(() => {});
  }
}

export const blocking = (findings: AxeFinding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
