import { useId, useState } from 'react';
import type { SendMessage } from '../../../lib/extension/ask';
import { useAction } from '../useAction';

/** Admins: download the workspace's audit log (every write, denial, install and admin action). */
export function AuditCard({ send }: { send: SendMessage }) {
  const id = useId();
  const [format, setFormat] = useState<'csv' | 'jsonl'>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const exporter = useAction(send, 'audit.export');
  const download = async () => {
    const r = await exporter.run({ format, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (!r) return;
    const url = URL.createObjectURL(new Blob([r.content], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.filename;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section className="ps-card" aria-labelledby={`${id}-title`} data-testid="audit-card">
      <h2 id={`${id}-title`}>Audit log</h2>
      <p className="ps-muted">Every write to HubSpot, every refused access, install and admin action: who, what, when, and the result.</p>
      <div className="ps-row">
        <span>
          <label htmlFor={`${id}-format`}>Format</label>
          <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'jsonl')}>
            <option value="csv">CSV (spreadsheets)</option>
            <option value="jsonl">JSON lines</option>
          </select>
        </span>
        <span>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </span>
        <span>
          <label htmlFor={`${id}-to`}>Until (not including)</label>
          <input id={`${id}-to`} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </span>
      </div>
      {exporter.error && <p role="alert" className="ps-error">{exporter.error}</p>}
      <div className="ps-button-row">
        <button type="button" onClick={() => void download()} disabled={exporter.busy} data-testid="audit-download">
          {exporter.busy ? 'Preparing…' : 'Download'}
        </button>
      </div>
    </section>
  );
}
