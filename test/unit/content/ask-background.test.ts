import { describe, expect, it } from 'vitest';
import { askBackground } from '../../../lib/extension/content/ask-background';

describe('askBackground (the panel side of the protocol)', () => {
  it('sends the protocol envelope and passes a well-formed answer through', async () => {
    const sent: unknown[] = [];
    const reply = await askBackground(async (m) => (sent.push(m), { ok: true, data: { opened: true } }), 'options.open', {});
    expect(sent).toEqual([{ portside: 1, action: 'options.open', payload: {} }]);
    expect(reply).toEqual({ ok: true, data: { opened: true } });
  });

  it('passes a failure with its code and message through', async () => {
    const reply = await askBackground(async () => ({ ok: false, error: { code: 'session_expired', message: 'Sign in again.' } }), 'writes.get', { writeId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(reply).toEqual({ ok: false, error: { code: 'session_expired', message: 'Sign in again.' } });
  });

  it.each([undefined, null, 'ok', 42, {}, { ok: 'true', data: {} }, { ok: true }, { ok: false }, { ok: false, error: { code: 1, message: 'x' } }, { ok: false, error: 'boom' }])(
    'turns the malformed answer %j into an internal error',
    async (raw) => {
      expect(await askBackground(async () => raw, 'options.open', {})).toEqual({ ok: false, error: { code: 'internal', message: 'The extension gave an unexpected answer.' } });
    },
  );

  it('says to reload when the background is gone', async () => {
    const reply = await askBackground(async () => {
      throw new Error('Extension context invalidated.');
    }, 'options.open', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('Reload the page') } });
  });
});
