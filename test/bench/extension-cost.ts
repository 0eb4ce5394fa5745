/**
 * Row 4 — what the extension costs a HubSpot tab.
 *
 *   npx tsx test/bench/extension-cost.ts [--loads=7]
 *
 * Size: every file under content-scripts/ of each build in .output (`npm run build` makes them),
 * raw and gzip (zlib level 9). Goal: content-script JS ≤ 90 KiB gzip.
 * Time, in Debian's Chromium with the Chrome build, from a Chrome trace of the tab's renderer
 * (CDP Tracing, categories devtools.timeline + v8 + blink.user_timing):
 *   - script evaluation = the content script's EvaluateScript event (compile + top-level run);
 *   - content-script main-thread time = EvaluateScript plus every FunctionCall event whose script
 *     is the content script (its timers, listeners, message callbacks), wall duration on the
 *     renderer main thread (CPU time shown alongside). Microtasks the trace does not attribute to
 *     a script are not counted, so this is a lower bound for the record page;
 *   - panel mount = from EvaluateScript start to the panel's host element entering the DOM, and
 *     to the verdict being in its shadow root, via performance.mark() from a main-world observer
 *     (page.addInitScript — bench-side only, nothing added to production code).
 * Pages: a contact record page (signed-in rep), a non-record page that the manifest matches
 * (/contacts/…/views/all/list: the script is injected and stays idle; 2 s traced, covering its
 * 250 ms URL poll), and a HubSpot page outside /contacts (the script is not injected at all).
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
    const js = of('.js');
    const css = of('.css');
    return [b, { jsRaw: sum(js, false), jsGzip: sum(js, true), cssRaw: sum(css, false), cssGzip: sum(css, true), builtAt: statSync(join(out, b, 'manifest.json')).mtime.toISOString() }];
  }),
);
if (!existsSync(CHROMIUM) || !builds.includes('chrome-mv3')) {
  emitResult(notMeasured('extension-cost', GOAL, !builds.includes('chrome-mv3') ? `no chrome-mv3 build in ${out} (run npm run build)` : `no Chromium at ${CHROMIUM}`));
  process.exit(0);
}

/** Main-world observer: marks when the panel host appears and when its verdict is in the shadow root. */
const MARKS = `(() => {
  let host = null;
  const verdictObs = new MutationObserver(() => {
    const r = host && host.shadowRoot;
    if (r && r.querySelector('[data-testid="portside-access"]') && r.querySelector('[data-testid="portside-summary"]')) { performance.mark('ps-verdict'); verdictObs.disconnect(); }
  });
  new MutationObserver((_, self) => {
    const h = document.querySelector('portside-panel');
    if (!h) return;
    host = h; performance.mark('ps-mounted'); self.disconnect();
    if (h.shadowRoot) verdictObs.observe(h.shadowRoot, { subtree: true, childList: true, attributes: true });
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

function costOf(events: Ev[], scriptUrl: string) {
  const mine = (e: Ev) => (e.args?.data?.url ?? '') === scriptUrl;
  const evaluate = events.find((e) => e.name === 'EvaluateScript' && mine(e));
  const calls = events.filter((e) => e.name === 'FunctionCall' && mine(e));
  // Calls nested inside the evaluation are already in its duration.
  const outside = calls.filter((c) => !evaluate || c.ts >= evaluate.ts + (evaluate.dur ?? 0) || c.ts < evaluate.ts);
  const ms = (us: number | undefined) => (us ?? 0) / 1000;
  const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  const since = (e: Ev | undefined) => (e && evaluate ? ms(e.ts - evaluate.ts) : NaN);
  return {
    injected: Boolean(evaluate),
    evaluateMs: ms(evaluate?.dur),
    evaluateCpuMs: ms(evaluate?.tdur),
    mainThreadMs: ms(evaluate?.dur) + outside.reduce((n, c) => n + ms(c.dur), 0),
    mainThreadCpuMs: ms(evaluate?.tdur) + outside.reduce((n, c) => n + ms(c.tdur), 0),
    calls: outside.length,
    mountedMs: since(mark('ps-mounted')),
    verdictMs: since(mark('ps-verdict')),
  };
}
type Cost = ReturnType<typeof costOf>;

const stack = await startStack();
const browser = await launchBenchChromium(stack.webPort);
const scriptUrl = `chrome-extension://${browser.extensionId}/content-scripts/hubspot.js`;
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
      runs[kind].push(costOf(events, scriptUrl));
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
const sizeMet = Object.values(sizes).every((s) => s.jsGzip <= 90 * KIB);
const kib = (n: number) => `${round(n / KIB, 1)} KiB`;
const f = {
  record: { evaluateMs: later('record', (c) => c.evaluateMs), evaluateCpuMs: later('record', (c) => c.evaluateCpuMs), mountedMs: later('record', (c) => c.mountedMs), verdictMs: later('record', (c) => c.verdictMs), mainThreadMs: later('record', (c) => c.mainThreadMs), firstLoadEvaluateMs: first('record', (c) => c.evaluateMs) },
  nonRecord: { mainThreadMs: nonRecordMs, mainThreadCpuMs: later('nonRecord', (c) => c.mainThreadCpuMs), evaluateMs: later('nonRecord', (c) => c.evaluateMs), pollCallsIn2s: later('nonRecord', (c) => c.calls), firstLoadMainThreadMs: first('nonRecord', (c) => c.mainThreadMs) },
  outsideContacts: { injected: runs.outside.some((c) => c.injected), mainThreadMs: later('outside', (c) => c.mainThreadMs) },
};
console.log(JSON.stringify({ sizes, ...f }, null, 2));
emitResult({
  row: 'extension-cost',
  figures: { sizes, ...f, loads: LOADS },
  comparison: { goalGzipBytes: 90 * KIB, goalNonRecordMs: 1 },
  goal: GOAL,
  met: sizeMet && nonRecordMs <= 1,
  notes: `Sizes: content-scripts/*.js and *.css per build in .output (built ${chrome.builtAt}), gzip level 9. Times from a Chrome trace of the tab (headless Chromium, this shared 2-core machine): EvaluateScript of the content script (compile + top-level run) and its FunctionCall events, wall time on the renderer main thread (CPU time in the JSON); panel mount/verdict from performance.mark() placed by a bench-only main-world MutationObserver, measured from the evaluation start. Medians of loads 2..${LOADS}; first (cold) load reported apart. The non-record page is /contacts/1001/objects/0-1/views/all/list (matched by the manifest, so the script is injected, evaluates and polls the URL every 250 ms); outside /contacts the script is not injected (${f.outsideContacts.injected ? 'but it WAS injected in this run' : 'confirmed: no evaluation in the trace'}).`,
  table: {
    figure: `content script ${Object.entries(sizes).map(([b, s]) => `${b}: ${kib(s.jsRaw)} raw / ${kib(s.jsGzip)} gzip JS (+ ${kib(s.cssGzip)} gzip CSS)`).join('; ')}; record page: evaluation ${f.record.evaluateMs} ms, panel mounted ${f.record.mountedMs} ms and verdict ${f.record.verdictMs} ms after evaluation start; non-record /contacts page: ${nonRecordMs} ms main thread (evaluation ${f.nonRecord.evaluateMs} ms + ${f.nonRecord.pollCallsIn2s} URL polls in 2 s)`,
    comparison: `goal limits 90 KiB gzip and 1 ms; first (cold) load: evaluation ${f.record.firstLoadEvaluateMs} ms on a record page, ${f.nonRecord.firstLoadMainThreadMs} ms on the non-record page; outside /contacts: ${f.outsideContacts.injected ? 'injected' : 'not injected, 0 ms'}`,
    evidence: `size ${sizeMet ? 'met' : 'NOT met'} (${kib(chrome.jsGzip)} gzip); non-record ${nonRecordMs <= 1 ? 'met' : 'NOT met'} (${nonRecordMs} ms)`,
  },
});
process.exit(0);
