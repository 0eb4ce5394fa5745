import { describe, expect, it, vi } from 'vitest';
import { watchSession, type StorageEvents } from '../../../lib/extension/content/session-watch';
import { SESSION_MARKER_KEY } from '../../../lib/extension/background/session-marker';

function fakeStorage() {
  const listeners = new Set<(changes: Record<string, unknown>, area: string) => void>();
  const storage: StorageEvents = { onChanged: { addListener: (cb) => void listeners.add(cb), removeListener: (cb) => void listeners.delete(cb) } };
  const emit = (changes: Record<string, unknown>, area: string) => listeners.forEach((cb) => cb(changes, area));
  return { storage, emit, listeners };
}

describe('watchSession', () => {
  it('reports a change of the stored server address, and nothing else', () => {
    const s = fakeStorage();
    const onChange = vi.fn();
    const stop = watchSession(s.storage, onChange);
    s.emit({ 'drafts.x': { newValue: 1 } }, 'local');
    s.emit({ 'settings.backendUrl': { newValue: 'https://x.example' } }, 'session');
    expect(onChange).not.toHaveBeenCalled();
    s.emit({ 'settings.backendUrl': { newValue: 'https://x.example' } }, 'local');
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
    expect(s.listeners.size).toBe(0);
  });
});

describe('watchSession and the session marker', () => {
  it('reports a change of the session marker in storage.local', () => {
    const s = fakeStorage();
    const onChange = vi.fn();
    watchSession(s.storage, onChange);
    s.emit({ [SESSION_MARKER_KEY]: { newValue: 'x' } }, 'session');
    expect(onChange).not.toHaveBeenCalled();
    s.emit({ [SESSION_MARKER_KEY]: { newValue: 'x' } }, 'local');
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
