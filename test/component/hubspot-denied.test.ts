import { describe, expect, it, vi } from 'vitest';
import { hubspotShowsAccessDenied, watchAccessDenied } from '../../lib/extension/content/hubspot-denied';

describe('HubSpot access-denied detection', () => {
  it('recognises the marker and the heading text', () => {
    document.body.innerHTML = '<div data-test-id="access-denied"></div>';
    expect(hubspotShowsAccessDenied(document)).toBe(true);
    document.body.innerHTML = "<main><h1>You don't have access to this record</h1></main>";
    expect(hubspotShowsAccessDenied(document)).toBe(true);
    document.body.innerHTML = '<main><h1>Ada Lovelace</h1><p>You don\'t have access to this record</p></main>';
    expect(hubspotShowsAccessDenied(document)).toBe(false);
  });

  it('follows the page as HubSpot swaps its content', async () => {
    document.body.innerHTML = '<div id="main-content"><h1>Ada</h1></div>';
    const seen: boolean[] = [];
    const ctrl = new AbortController();
    watchAccessDenied(document, (d) => seen.push(d), ctrl.signal, 5);
    document.getElementById('main-content')!.innerHTML = '<div data-test-id="access-denied"></div>';
    await vi.waitFor(() => expect(seen).toEqual([false, true]));
    ctrl.abort();
    document.getElementById('main-content')!.innerHTML = '<h1>Bob</h1>';
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([false, true]);
  });
});
