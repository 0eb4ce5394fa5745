/**
 * Row 4 — what the extension costs a HubSpot tab.
 *
 *   npx tsx test/bench/extension-cost.ts [--loads=7]
 *
 * Size: the content script of each build in .output (`npm run build` makes them), raw and gzip
 * (zlib level 9): content-scripts/panel.js, which the background injects into record pages only
 * (no content script is declared in the manifest). Goal: ≤ 90 KiB gzip.
 * Time, in Debian's Chromium with the Chrome build, from a Chrome trace of the tab's renderer
 * (CDP Tracing, categories devtools.timeline + v8 + blink.user_timing):
 *   - script evaluation = the content script's EvaluateScript events (compile + top-level run);
 *   - content-script main-thread time = EvaluateScript plus every FunctionCall event whose script
 *     is one of the content scripts (timers, listeners, message callbacks), wall duration on the
 *     renderer main thread (CPU time shown alongside). Microtasks the trace does not attribute to
 *     a script are not counted, so this is a lower bound for the record page;
 *   - panel mount = from EvaluateScript start to the panel's host element entering the DOM, and
 *     to the verdict being in its shadow root, via performance.mark() from a main-world observer
 *     (page.addInitScript — bench-side only, nothing added to production code).
 * Pages: a contact record page (signed-in rep), a non-record contacts page
 * (/contacts/…/views/all/list, 2 s traced: the background sees the URL and injects nothing), and
 * a HubSpot page outside /contacts (likewise).
 * The first load (cold code cache) is reported apart from the median of the later ones.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { CHROMIUM, buildRoot, launchBenchChromium } from './lib/chromium';
import { startStack } from '../e2e/harness/stack';
import { ACME, connectedWorkspaceWithRep, signInThroughOptions, waitForVerdict } from './lib/browser-setup';
import { emitResult, notMeasured, percentile, round } from './lib/result';

const LOADS = Number(process.argv.find((a) => a.startsWith('--loads='))?.slice(8) ?? '7');
const GOAL = '≤ 90 KiB gzip content script; ≤ 1 ms main-thread time on non-record pages';
const KIB = 1024;

// Sizes of every build present.
const out = buildRoot();
const builds = existsSync(out) ? readdirSync(out).filter((d) => existsSync(join(out, d, 'manifest.json'))) : [];
const sizes = Object.fromEntries(
  builds.map((b) => {
    const dir = join(out, b, 'content-scripts');
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const of = (ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(dir, f)));
    const sum = (bufs: Buffer[], gz: boolean) => bufs.reduce((n, b) => n + (gz ? gzipSync(b, { level: 9 }).length : b.length), 0);
    const one = (name: string) => (existsSync(join(dir, name)) ? [readFileSync(join(dir, name))] : []);
    const js = of('.js');
    const css = of('.css');
    const panel = one('panel.js');
    return [
      b,
      {
        jsRaw: sum(js, false),
        jsGzip: sum(js, true),
        panelRaw: sum(panel, false),
        panelGzip: sum(panel, true),
        largestJsGzip: Math.max(0, ...js.map((f) => gzipSync(f, { level: 9 }).length)),
        cssRaw: sum(css, false),
        cssGzip: sum(css, true),
        builtAt: statSync(join(out, b, 'manifest.json')).mtime.toISOString(),
      },
    ];
  }),
);
if (!existsSync(CHROMIUM) || !builds.includes('chrome-mv3')) {
  emitResult(notMeasured('extension-cost', GOAL, !builds.includes('chrome-mv3') ? `no chrome-mv3 build in ${out} (run npm run build)` : `no Chromium at ${CHROMIUM}`));
  process.exit(0);
}

/**
 * Main-world observer: marks when the panel host appears. The verdict inside the panel is out of a
 * page's reach since the shadow root is closed (issue 14.15), so its latency is the panel-latency
 * row's, which reads the closed root over CDP.
 */
const MARKS = `(() => {
  new MutationObserver((_, self) => {
    if (!document.querySelector('[data-portside-panel]')) return;
    performance.mark('ps-mounted'); self.disconnect();
  }).observe(document, { subtree: true, childList: true });
})()`;

type Ev = { name: string; ts: number; dur?: number; tdur?: number; args?: any; cat: string };
async function traced(page: Page, load: () => Promise<void>): Promise<Ev[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as Ev[])));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,blink.user_timing', transferMode: 'ReportEvents' } as never);
  await load();
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events;
}

function costOf(events: Ev[], scriptUrls: readonly string[]) {
  const mine = (e: Ev) => scriptUrls.includes(e.args?.data?.url ?? '');
  const evaluations = events.filter((e) => e.name === 'EvaluateScript' && mine(e)).sort((a, b) => a.ts - b.ts);
  const inside = (c: Ev) => evaluations.some((e) => c.ts >= e.ts && c.ts < e.ts + (e.dur ?? 0));
  // Calls nested inside an evaluation are already in its duration.
  const outside = events.filter((e) => e.name === 'FunctionCall' && mine(e) && !inside(e));
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  const total = (list: Ev[], k: 'dur' | 'tdur') => list.reduce((n, e) => n + ms(e[k]), 0);
  const start = evaluations[0];
  const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const since = (e: Ev | undefined) => (e && start ? ms(e.ts - start.ts) : NaN);
  return {
    injected: evaluations.length > 0,
    scripts: evaluations.length,
    evaluateMs: total(evaluations, 'dur'),
    evaluateCpuMs: total(evaluations, 'tdur'),
    mainThreadMs: total(evaluations, 'dur') + total(outside, 'dur'),
    mainThreadCpuMs: total(evaluations, 'tdur') + total(outside, 'tdur'),
    calls: outside.length,
    mountedMs: since(mark('ps-mounted')),
  };
}
type Cost = ReturnType<typeof costOf>;

const stack = await startStack();
const browser = await launchBenchChromium(stack.webPort);
const scriptUrls = ['panel.js'].map((f) => `chrome-extension://${browser.extensionId}/content-scripts/${f}`);
const rep = ACME.users.everything;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runs: Record<'record' | 'nonRecord' | 'outside', Cost[]> = { record: [], nonRecord: [], outside: [] };
try {
  await connectedWorkspaceWithRep(stack, rep.email);
  const options = await browser.optionsPage();
  await signInThroughOptions(options, stack.backendUrl, rep.email);
  await options.close();
  const origin = 'https://app.hubspot.com';
  for (let i = 0; i < LOADS; i++) {
    const id = String(101 + (i % 30));
    for (const kind of ['record', 'nonRecord', 'outside'] as const) {
      const page = await browser.context.newPage();
      await page.addInitScript(MARKS);
      const url = kind === 'record' ? `${origin}/contacts/${ACME.portalId}/record/0-1/${id}?as=${rep.userId}` : kind === 'nonRecord' ? `${origin}/contacts/${ACME.portalId}/objects/0-1/views/all/list` : `${origin}/`;
      const events = await traced(page, async () => {
        await page.goto(url, { waitUntil: 'load' });
        if (kind === 'record') await waitForVerdict(page, id);
        await sleep(kind === 'record' ? 300 : 2_000);
      });
      runs[kind].push(costOf(events, scriptUrls));
      await page.close();
    }
  }
} finally {
  await browser.close();
  await stack.close();
}

const later = (k: keyof typeof runs, f: (c: Cost) => number) => round(percentile((runs[k].length > 1 ? runs[k].slice(1) : runs[k]).map(f), 50), 2);
const first = (k: keyof typeof runs, f: (c: Cost) => number) => round(f(runs[k][0]!), 2);
const chrome = sizes['chrome-mv3']!;
const nonRecordMs = later('nonRecord', (c) => c.mainThreadMs);
const sizeMet = Object.values(sizes).every((s) => s.largestJsGzip <= 90 * KIB);
const kib = (n: number) => `${round(n / KIB, 1)} KiB`;
const f = {
  record: { scripts: later('record', (c) => c.scripts), evaluateMs: later('record', (c) => c.evaluateMs), evaluateCpuMs: later('record', (c) => c.evaluateCpuMs), mountedMs: later('record', (c) => c.mountedMs), mainThreadMs: later('record', (c) => c.mainThreadMs), firstLoadEvaluateMs: first('record', (c) => c.evaluateMs) },
  nonRecord: { scripts: later('nonRecord', (c) => c.scripts), mainThreadMs: nonRecordMs, mainThreadCpuMs: later('nonRecord', (c) => c.mainThreadCpuMs), evaluateMs: later('nonRecord', (c) => c.evaluateMs), pollCallsIn2s: later('nonRecord', (c) => c.calls), firstLoadMainThreadMs: first('nonRecord', (c) => c.mainThreadMs) },
  outsideContacts: { injected: runs.outside.some((c) => c.injected), mainThreadMs: later('outside', (c) => c.mainThreadMs) },
};
console.log(JSON.stringify({ sizes, ...f }, null, 2));
emitResult({
  row: 'extension-cost',
  figures: { sizes, ...f, loads: LOADS },
  comparison: { goalGzipBytes: 90 * KIB, goalNonRecordMs: 1 },
  goal: GOAL,
  met: sizeMet && nonRecordMs <= 1,
  notes: `Sizes: content-scripts/*.js and *.css per build in .output (built ${chrome.builtAt}), gzip level 9; the panel (panel.js) is injected by the background into record pages only, and the manifest declares no content script. Times from a Chrome trace of the tab (headless Chromium, this shared 2-core machine): EvaluateScript of the panel script (compile + top-level run) and its FunctionCall events, wall time on the renderer main thread (CPU time in the JSON); panel mount from performance.mark() placed by a bench-only main-world MutationObserver, measured from the evaluation start (the verdict is inside the closed shadow root: see the panel-latency row). Medians of loads 2..${LOADS}; first (cold) load reported apart. The non-record page is /contacts/1001/objects/0-1/views/all/list (the background sees its URL and injects nothing: ${f.nonRecord.scripts} Portside script(s) evaluated); outside /contacts likewise (${f.outsideContacts.injected ? 'but it WAS injected in this run' : 'confirmed: no evaluation in the trace'}).`,
  table: {
    figure: `content script (panel) ${Object.entries(sizes).map(([b, s]) => `${b}: ${kib(s.panelRaw)} raw / ${kib(s.panelGzip)} gzip (+ ${kib(s.cssGzip)} gzip CSS)`).join('; ')}; record page: evaluation ${f.record.evaluateMs} ms, panel mounted ${f.record.mountedMs} ms after evaluation start (verdict latency: panel-latency row); non-record /contacts page: ${nonRecordMs} ms main thread (${f.nonRecord.scripts} Portside scripts evaluated)`,
    comparison: `goal limits 90 KiB gzip and 1 ms; first (cold) load: evaluation ${f.record.firstLoadEvaluateMs} ms on a record page, ${f.nonRecord.firstLoadMainThreadMs} ms on the non-record page; outside /contacts: ${f.outsideContacts.injected ? 'injected' : 'not injected, 0 ms'}`,
    evidence: `size ${sizeMet ? 'met' : 'NOT met'} (largest ${kib(chrome.largestJsGzip)} gzip); non-record ${nonRecordMs <= 1 ? 'met' : 'NOT met'} (${nonRecordMs} ms)`,
  },
});
process.exit(0);
