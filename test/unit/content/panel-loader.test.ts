import { describe, expect, it, vi } from 'vitest';
import { startPanelLoader } from '../../../lib/content/panel-loader';
import { parseHubSpotRecordUrl } from '../../../lib/hubspot-url';

/** A window stand-in: URL changes are delivered through the poll the watcher installs. */
function fakeWindow(href: string) {
  const polls: Array<() => void> = [];
  const target = {
    location: { href },
    addEventListener: () => {},
    setInterval: (cb: () => void) => polls.push(cb),
    clearInterval: (id: unknown) => void (polls[(id as number) - 1] = () => {}),
  };
  return {
    target,
    go(next: string) {
      target.location.href = next;
      for (const p of polls) p();
    },
  };
}

const LIST = 'https://app.hubspot.com/contacts/1001/objects/0-1/views/all/list';
const RECORD = 'https://app.hubspot.com/contacts/1001/record/0-1/101';
const isRecord = (href: string) => parseHubSpotRecordUrl(href) !== null;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('panel loader', () => {
  it('asks for nothing on a list page, and once when a record is shown', async () => {
    const w = fakeWindow(LIST);
    const requestPanel = vi.fn(async () => true);
    startPanelLoader({ target: w.target, isRecord, requestPanel }, new AbortController().signal);
    w.go(`${LIST}?page=2`);
    expect(requestPanel).not.toHaveBeenCalled();
    w.go(RECORD);
    await settle();
    // Once the panel is in it follows navigation itself: the loader stops asking.
    w.go(LIST);
    w.go('https://app.hubspot.com/contacts/1001/record/0-1/102');
    await settle();
    expect(requestPanel).toHaveBeenCalledTimes(1);
  });

  it('asks at once when the page opens on a record', () => {
    const requestPanel = vi.fn(async () => true);
    startPanelLoader({ target: fakeWindow(RECORD).target, isRecord, requestPanel }, new AbortController().signal);
    expect(requestPanel).toHaveBeenCalledTimes(1);
  });

  it('asks again on the next record after a refusal or a failure, never twice at once', async () => {
    const w = fakeWindow(RECORD);
    const answers = [Promise.reject(new Error('background restarted')), Promise.resolve(false), Promise.resolve(true)];
    const requestPanel = vi.fn(() => answers.shift()!);
    startPanelLoader({ target: w.target, isRecord, requestPanel }, new AbortController().signal);
    w.go('https://app.hubspot.com/contacts/1001/record/0-1/102');
    expect(requestPanel).toHaveBeenCalledTimes(1);
    await settle();
    w.go('https://app.hubspot.com/contacts/1001/record/0-1/103');
    await settle();
    w.go('https://app.hubspot.com/contacts/1001/record/0-1/104');
    await settle();
    w.go('https://app.hubspot.com/contacts/1001/record/0-1/105');
    await settle();
    expect(requestPanel).toHaveBeenCalledTimes(3);
  });

  it('stops when the extension context goes away', () => {
    const w = fakeWindow(LIST);
    const stop = new AbortController();
    const requestPanel = vi.fn(async () => true);
    startPanelLoader({ target: w.target, isRecord, requestPanel }, stop.signal);
    stop.abort();
    w.go(RECORD);
    expect(requestPanel).not.toHaveBeenCalled();
  });
});
