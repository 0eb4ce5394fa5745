/**
 * Row 1 — panel verdict latency in real Chromium (production build, production match patterns).
 *
 *   npx tsx test/bench/panel-latency.ts [--navigations=50] [--latencies=0,150] [--object=0-1|0-3]
 * `--object` (test/bench/lib/panel-objects.ts): 0-1 contacts, row panel-latency; 0-3 deals, row
 * panel-latency-deal (same method, goal and figures; "contact" below reads "deal").
 *
 * Method. A signed-in rep (Evan, "view/edit everything", so every contact gets a verdict and a
 * summary and HubSpot's permitted-users answer is consulted) sits on a contact record page. For
 * each navigation, a script in the page (main world) attaches a MutationObserver to the panel's
 * open shadow root, takes t0 = performance.now(), calls history.pushState to the next contact
 * (what HubSpot's router does), and stops the clock when the shadow root holds that contact's
 * id, the access verdict and the summary ("DOM"), then again at the next animation frame
 * ("shown", ≈ when it can be painted; this is the figure the goal is judged on). Every
 * navigation is uncached: a contact is revisited only after the backend's 5 s
 * permitted-users/contact TTL has passed (the script waits when needed).
 * Stage split (test/bench/lib/panel-stages.ts): the service worker keeps timing points only
 * because this script puts an array at globalThis.__portsideTrace over the DevTools protocol
 * (lib/extension/background/trace.ts); the backend's handling time is read from its HTTP server here.
 * The floor is one HubSpot round trip: a contact GET from this process to the sandbox with the
 * same injected latency, measured in the same run (p50 of 20). Goals: at 0 ms injected latency
 * p50 ≤ 32 ms and p95 ≤ 45 ms; at any other latency p50 and p95 ≤ 1.2 × floor + 30 ms.
 * Clean state: the row starts its own backend, fresh database and embedded sandbox (nothing
 * another row did can count against its rate limits or caches). The backend and sandbox run in
 * this process (as in the e2e suite); Chromium is separate.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM, buildRoot, launchBenchChromium } from './lib/chromium';
import { startStack } from '../e2e/harness/stack';
import { ACME, connectedWorkspaceWithRep, signInApi, signInThroughOptions, waitForVerdict } from './lib/browser-setup';
import { emitResult, notMeasured, percentile, round } from './lib/result';
import { chromiumPanel, type PanelFn } from '../e2e/harness/panel-access';
import { stageLine, stagesOf, summariseStages, type Stages } from './lib/panel-stages';
import { TRACE_GLOBAL, type TracePoint } from '../../lib/extension/background/trace';
import { PANEL_OBJECTS, pagePath, viewPath, warmLabels } from './lib/panel-objects';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const NAVIGATIONS = Number(arg('navigations', '50'));
const LATENCIES = arg('latencies', '0,150').split(',').map(Number);
const OBJECT = PANEL_OBJECTS[arg('object', '0-1')];
if (!OBJECT) throw new Error(`--object must be one of ${Object.keys(PANEL_OBJECTS).join(', ')}`);
const NOUN = OBJECT.apiName.slice(0, -1);
const WARMUP = 3;
const TTL_MS = 5_000 + 500;
const PACE_MS = 400;
const GOAL = 'at 0 ms injected HubSpot latency p50 ≤ 32 ms and p95 ≤ 45 ms; at 150 ms p50 and p95 ≤ 1.2 × floor + 30 ms (floor = one HubSpot round trip, same run)';
/** The limits for one latency level: fixed at 0 ms, relative to the floor otherwise. */
const limitsAt = (latencyMs: number, floorP50: number) => (latencyMs === 0 ? { p50: 32, p95: 45 } : { p50: 1.2 * floorP50 + 30, p95: 1.2 * floorP50 + 30 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!existsSync(CHROMIUM) || !existsSync(`${buildRoot()}/chrome-mv3/manifest.json`)) {
  emitResult(notMeasured(OBJECT.row, GOAL, !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : `no extension build in ${buildRoot()}/chrome-mv3; run npm run build`));
  process.exit(0);
}

/**
 * Runs beside the page, in an isolated world the harness opens over CDP, on the panel's closed
 * shadow root (kept as plain JS text: tsx would add helpers the page lacks). history.pushState
 * there is the page's own history, as HubSpot's router uses it. Resolves with ms from just before history.pushState to (dom) the shadow root holding the new
 * contact's id, verdict and summary, and (shown) the next animation frame after that.
 */
const IN_PAGE = `(root, { path, want }) => new Promise((resolve) => {
  function ready() {
    return root.querySelector('[data-testid="portside-contact"]')?.textContent === want
      && !!root.querySelector('[data-testid="portside-access"]')
      && !!root.querySelector('[data-testid="portside-summary"]');
  }
  let t0 = 0;
  const obs = new MutationObserver(() => {
    if (!ready()) return;
    const dom = performance.now() - t0;
    obs.disconnect();
    clearTimeout(timer);
    requestAnimationFrame(() => resolve({ dom, shown: performance.now() - t0, t0: performance.timeOrigin + t0 }));
  });
  const timer = setTimeout(() => { obs.disconnect(); resolve({ error: 'timeout; panel shows: ' + (root.textContent || '').slice(0, 200) }); }, 15000);
  obs.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  t0 = performance.now();
  history.pushState({}, '', path);
})`;

// 50 quick navigations by one rep exceed a member's fair share of reads (20 per 10 s): widened,
// so the row measures latency, not the share.
const stack = await startStack({ env: { MEMBER_CHECKS_PER_10S: '100000', MEMBER_CHECKS_IN_FLIGHT: '1000', ...OBJECT.env } });
const browser = await launchBenchChromium(stack.webPort);
// The service worker now (it may have been stopped and started again between navigations).
const worker = () => browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
// The backend's own handling time of each view request, from its HTTP server.
const backendViews: Array<{ url: string; ms: number }> = [];
stack.server.app.server.on('request', (req, res) => {
  const start = performance.now();
  res.on('finish', () => req.url?.endsWith('/view') && backendViews.push({ url: req.url, ms: performance.now() - start }));
});
const rep = ACME.users.everything;
const control = stack.sandbox.sandbox.control;
// Each uncached view costs two HubSpot calls; 50 quick navigations would hit the 110/10 s portal
// limit and measure the rate limiter instead of latency (access-check.ts raises it the same way).
control.setRateLimit({ max: 100_000_000, intervalMs: 10_000 });
try {
  await connectedWorkspaceWithRep(stack, rep.email);
  const options = await browser.optionsPage();
  await signInThroughOptions(options, stack.backendUrl, rep.email);
  await options.close();

  const ids = await OBJECT.records(stack.sandbox.url);
  const page = await browser.context.newPage();
  const inPanel = chromiumPanel(page);
  // The text above as a function, so the CDP helper can send its source to the isolated world.
  const measure = new Function(`return ${IN_PAGE}`)() as PanelFn<unknown, { path: string; want: string }>;
  await page.goto(`https://app.hubspot.com${pagePath(OBJECT, ids[0]!)}?as=${rep.userId}`);
  await waitForVerdict(page, ids[0]!);
  const lastSeen = new Map<string, number>([[ids[0]!, Date.now()]]);
  const repToken = await signInApi(stack.server.url, rep.email);
  const floorToken = control.install(ACME.portalId, ACME.users.superAdmin.userId).access_token;
  if (await warmLabels(OBJECT, stack.server.url, repToken, ids.at(-1)!)) lastSeen.set(ids.at(-1)!, Date.now());

  const levels: Array<{ latencyMs: number; directP50: number; floorP50: number; dom: number[]; shown: number[]; limit: { p50: number; p95: number }; p50: number; p95: number; met: boolean; stages: ReturnType<typeof summariseStages> }> = [];
  let k = 1;
  let lastStart = 0;
  for (const latencyMs of LATENCIES) {
    control.setGlobalLatency(latencyMs);
    // The floor: one HubSpot round trip at this latency, from Node on loopback with keep-alive.
    const floor: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const res = await fetch(`${stack.sandbox.url}/crm/v3/objects/${OBJECT.apiName}/${ids[i % ids.length]}?properties=${OBJECT.floorProperties}`, { headers: { authorization: `Bearer ${floorToken}` } });
      await res.arrayBuffer();
      floor.push(performance.now() - t);
    }
    // Breakdown: the backend's view request alone (Node → backend, uncached, same rep), 10 samples.
    const direct: number[] = [];
    for (let i = 0; i < 10; i++) {
      const id = ids[k++ % ids.length]!;
      const wait = (lastSeen.get(id) ?? 0) + TTL_MS - Date.now();
      if (wait > 0) await sleep(wait);
      const t = performance.now();
      const res = await fetch(`${stack.server.url}${viewPath(OBJECT, id)}`, { headers: { authorization: `Bearer ${repToken}` } });
      await res.arrayBuffer();
      direct.push(performance.now() - t);
      lastSeen.set(id, Date.now());
      if (!res.ok) throw new Error(`view ${id}: ${res.status}`);
    }
    const dom: number[] = [];
    const shown: number[] = [];
    const stages: Stages[] = [];
    for (let n = 0; n < WARMUP + NAVIGATIONS; n++) {
      const id = ids[k++ % ids.length]!;
      const wait = (lastSeen.get(id) ?? 0) + TTL_MS - Date.now();
      if (wait > 0) await sleep(wait);
      // Pace: ≥ 400 ms between navigation starts (≤ 5 HubSpot calls/s), so the per-portal rate
      // budget every HubSpot call now takes a slot from (110/10 s) never queues a view here.
      await sleep(Math.max(100, lastStart + PACE_MS - Date.now()));
      await worker()?.evaluate((key) => void ((globalThis as Record<string, unknown>)[key] = []), TRACE_GLOBAL);
      backendViews.length = 0;
      lastStart = Date.now();
      const r = ((await inPanel(measure, { path: pagePath(OBJECT, id), want: id })) ?? { error: 'no panel' }) as { dom: number; shown: number; t0: number } | { error: string };
      lastSeen.set(id, Date.now());
      if ('error' in r) throw new Error(`navigation to ${id} at ${latencyMs} ms: ${r.error}`);
      const trace = ((await worker()?.evaluate((key) => (globalThis as Record<string, unknown>)[key], TRACE_GLOBAL)) ?? []) as TracePoint[];
      if (n >= WARMUP) {
        dom.push(r.dom);
        shown.push(r.shown);
        const st = stagesOf({ ...r, trace, backendMs: backendViews.find((v) => v.url.endsWith(`/${id}/view`))?.ms ?? null });
        if (st) stages.push(st);
      }
    }
    const floorP50 = percentile(floor, 50);
    const limit = limitsAt(latencyMs, floorP50);
    const p50 = percentile(shown, 50);
    const p95 = percentile(shown, 95);
    const split = summariseStages(stages);
    levels.push({ latencyMs, directP50: percentile(direct, 50), floorP50, dom, shown, limit, p50, p95, met: p50 <= limit.p50 && p95 <= limit.p95, stages: split });
    console.log(`latency ${latencyMs} ms: floor p50 ${floorP50.toFixed(1)} ms; backend view alone p50 ${percentile(direct, 50).toFixed(1)} ms; shown p50 ${p50.toFixed(1)} ms p95 ${p95.toFixed(1)} ms (DOM p50 ${percentile(dom, 50).toFixed(1)} ms); goal p50 ≤ ${limit.p50.toFixed(1)} ms, p95 ≤ ${limit.p95.toFixed(1)} ms`);
    console.log(`  ${stageLine(split)}`);
  }
  control.setGlobalLatency(0);

  const f = (n: number) => `${round(n)} ms`;
  emitResult({
    row: OBJECT.row,
    figures: Object.fromEntries(levels.map((l) => [`at${l.latencyMs}ms`, { navigations: l.shown.length, p50: round(l.p50), p95: round(l.p95), max: round(Math.max(...l.shown)), domP50: round(percentile(l.dom, 50)), domP95: round(percentile(l.dom, 95)), ...l.stages }])),
    comparison: Object.fromEntries(levels.map((l) => [`at${l.latencyMs}ms`, { floorP50: round(l.floorP50), limitP50: round(l.limit.p50), limitP95: round(l.limit.p95), backendViewDirectP50: round(l.directP50) }])),
    goal: GOAL,
    met: levels.every((l) => l.met),
    notes: `Chromium ${'headless'} with the production build; ${NAVIGATIONS} measured navigations per latency (after ${WARMUP} unmeasured), each uncached (${NOUN}s revisited only after the 5 s TTL), navigation starts ≥ ${PACE_MS} ms apart so the backend's per-portal rate budget (110 calls/10 s) never queues a view. Timed in the page: MutationObserver on the panel's open shadow root from history.pushState to verdict + summary in the DOM, then to the next animation frame ("shown", judged). Path measured: content script → background (service worker) → backend → sandbox (${NOUN} read and permitted-users in parallel) and back, plus React render. Floor = p50 of 20 ${NOUN} GETs from Node to the sandbox at the same injected latency. Stage split per navigation (p50/p95 in figures): view started (pushState → the background saw the URL and started the view), message (pushState → panel.load in the service worker), storage (address + session known), fetch (the view request that served the panel; backend = the backend's own handling of it, HubSpot included), waited (what panel.load waited for it; the view starts when the background sees the URL and the panel joins it), render (answer → DOM: reply message + React), frame; from timing points the service worker keeps only because this script asked (globalThis.__portsideTrace). Clean state: own backend, fresh database and embedded sandbox. Backend and sandbox share this script's process. The sandbox's 110/10 s rate limit is lifted for this row (latency, not throttling, is measured).${OBJECT.typeId === '0-1' ? '' : ` Set-up (untimed): ${ids.length} deals owned by Evan (owned-only on deals, so each is "can edit" with a summary), created through the sandbox's POST /crm/v3/objects/deals with a token from POST /_sandbox/install; the pipeline cache and company currency were warmed by one untimed view before measuring, so the steady path is measured (labels cached; record and permitted-users uncached).`}`,
    table: {
      figure: levels.map((l) => `${l.latencyMs} ms injected: p50 ${f(l.p50)}, p95 ${f(l.p95)}`).join('; '),
      comparison: levels.map((l) => `${l.latencyMs} ms: floor ${f(l.floorP50)} → goal p50 ≤ ${f(l.limit.p50)}, p95 ≤ ${f(l.limit.p95)} (backend view alone, from Node: p50 ${f(l.directP50)})`).join('; '),
      evidence: levels.map((l) => `${l.latencyMs} ms: p50 ${f(l.p50)} ${l.p50 <= l.limit.p50 ? '≤' : '>'} ${f(l.limit.p50)}, p95 ${f(l.p95)} ${l.p95 <= l.limit.p95 ? '≤' : '>'} ${f(l.limit.p95)}${l.met ? '' : ' (NOT met)'}; ${stageLine(l.stages)}`).join(' | '),
    },
  });
} finally {
  await browser.close();
  await stack.close();
}
process.exit(0);
