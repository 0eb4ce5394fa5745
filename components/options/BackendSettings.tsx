import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ask } from '../../lib/extension/ask';
import { normaliseBackendUrl, originPattern } from '../../lib/extension/backend-url';
import type { OptionsAppProps } from './OptionsApp';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Where the extension finds Portside's server; a non-default origin needs the user's permission.
 * `onSaved` runs whenever the address or the session changes, here or in another extension page
 * (an address change makes the background forget the session), so the page re-reads who is
 * signed in.
 */
export function BackendSettings({ send, requestOrigin, onSaved, watchSession }: OptionsAppProps & { onSaved?(): void }) {
  const inputId = useId();
  const hintId = useId();
  const [value, setValue] = useState('');
  const [defaultUrl, setDefaultUrl] = useState('');
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const load = useCallback(
    () =>
      ask(send, 'settings.get', {}).then((r) => {
        if (r.ok) {
          setValue(r.data.backendUrl);
          setDefaultUrl(r.data.defaultBackendUrl);
        } else setNotice({ kind: 'error', text: r.error.message });
      }),
    [send],
  );
  useEffect(() => void load(), [load]);
  // The parent passes a new callback on every render; the subscription should not follow it.
  const saved = useRef(onSaved);
  saved.current = onSaved;
  useEffect(
    () =>
      watchSession?.(() => {
        void load();
        saved.current?.();
      }),
    [watchSession, load],
  );

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const n = normaliseBackendUrl(value);
    if (!n.ok) return setNotice({ kind: 'error', text: n.error.message });
    setSaving(true);
    setNotice(null);
    try {
      const isDefault = defaultUrl !== '' && originPattern(n.data) === originPattern(defaultUrl);
      // The permission prompt must be opened straight from the click, before any other await.
      if (!isDefault && !(await requestOrigin(originPattern(n.data)))) {
        return setNotice({ kind: 'error', text: `Portside needs your permission to reach ${new URL(n.data).origin}.` });
      }
      const r = await ask(send, 'settings.setBackendUrl', { backendUrl: n.data });
      if (r.ok) {
        setValue(r.data.backendUrl);
        setNotice({ kind: 'ok', text: 'Saved. Portside will use this server from now on.' });
        onSaved?.();
      } else setNotice({ kind: 'error', text: r.error.message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="ps-card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Server</h2>
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor={inputId}>Portside server address</label>
        <input
          id={inputId}
          name="backendUrl"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={value}
          aria-describedby={hintId}
          onChange={(e) => setValue(e.target.value)}
          data-testid="backend-url"
        />
        <p id={hintId} className="ps-hint">
          Your admin gives you this address. Default: {defaultUrl || '…'}
        </p>
        <button type="submit" disabled={saving} data-testid="backend-url-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
        {notice && (
          <p role={notice.kind === 'error' ? 'alert' : 'status'} className={`ps-notice ps-${notice.kind}`} data-testid="backend-url-notice">
            {notice.text}
          </p>
        )}
      </form>
    </section>
  );
}
