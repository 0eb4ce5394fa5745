import { describe, expect, it, vi } from 'vitest';
import { callbackAnswer, createInstallTabs, type InstallTabsDeps } from '../../../lib/extension/background/install-tabs';
import type { SessionArea } from '../../../lib/extension/background/token-store';
import { fail, ok } from '../../../lib/contract/errors';

const ticketId = '0b9b2a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
const callbackUrl = 'http://localhost:8787/install/callback';
const state = 'S'.repeat(43);

function world(complete = vi.fn<InstallTabsDeps['complete']>(async () => ok({} as never))) {
  const data: Record<string, unknown> = {};
  const session: SessionArea = {
    get: async (k) => (k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (k) => void [k].flat().forEach((x) => delete data[x]),
  };
  const updated: Array<[number, string]> = [];
  const tabs = createInstallTabs({
    session,
    tabs: { create: async () => 42, update: async (id, url) => void updated.push([id, url]) },
    optionsUrl: (hash) => `chrome-extension://x/options.html#${hash}`,
    complete,
    log: { warn: () => {} },
  });
  return { tabs, complete, updated, data };
}

describe('install tab watcher', () => {
  it('hands the callback answer of the tab it opened to the API once, then shows the options page', async () => {
    const w = world();
    expect(await w.tabs.open({ ticketId, startUrl: 'http://localhost:8787/install/start?ticket=t', callbackUrl })).toBe(true);
    await w.tabs.onTabUrl(42, 'http://localhost:8787/install/start?ticket=t');
    await w.tabs.onTabUrl(42, 'https://app.hubspot.com/oauth/authorize?state=x');
    expect(w.complete).not.toHaveBeenCalled();
    await w.tabs.onTabUrl(42, `${callbackUrl}?code=c0de&state=${state}`);
    await w.tabs.onTabUrl(42, `${callbackUrl}?code=c0de&state=${state}`);
    expect(w.complete).toHaveBeenCalledTimes(1);
    expect(w.complete).toHaveBeenCalledWith(ticketId, { code: 'c0de', state });
    expect(w.updated).toEqual([[42, `chrome-extension://x/options.html#install=${ticketId}`]]);
  });

  it('ignores tabs it did not open, and forgets closed ones', async () => {
    const w = world();
    await w.tabs.onTabUrl(7, `${callbackUrl}?code=c0de&state=${state}`);
    await w.tabs.open({ ticketId, startUrl: 'http://localhost:8787/install/start?ticket=t', callbackUrl });
    await w.tabs.onTabRemoved(42);
    await w.tabs.onTabUrl(42, `${callbackUrl}?code=c0de&state=${state}`);
    expect(w.complete).not.toHaveBeenCalled();
  });

  it('still leads to the options page when the API refuses', async () => {
    const w = world(vi.fn<InstallTabsDeps['complete']>(async () => fail('conflict', 'no')));
    await w.tabs.open({ ticketId, startUrl: 'http://localhost:8787/install/start?ticket=t', callbackUrl });
    await w.tabs.onTabUrl(42, `${callbackUrl}?error=access_denied&error_description=nope&state=${state}`);
    expect(w.complete).toHaveBeenCalledWith(ticketId, { error: 'access_denied', error_description: 'nope', state });
    expect(w.updated).toHaveLength(1);
  });

  it('reads only the exact callback address', () => {
    expect(callbackAnswer(`${callbackUrl}?code=c&state=s`, callbackUrl)).toEqual({ code: 'c', state: 's' });
    expect(callbackAnswer(`http://localhost:9999/install/callback?code=c&state=s`, callbackUrl)).toBeNull();
    expect(callbackAnswer(`http://localhost:8787/install/callbackx?code=c&state=s`, callbackUrl)).toBeNull();
    expect(callbackAnswer(`${callbackUrl}?code=c`, callbackUrl)).toBeNull();
    expect(callbackAnswer('not a url', callbackUrl)).toBeNull();
  });
});
