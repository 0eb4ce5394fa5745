import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailMessage } from '../../backend/mail/transport';

/**
 * Reading mailed one-time codes in tests: from an in-memory transport's messages, or, for a
 * backend in another process, from the console transport's files under DATA_DIR/mail/.
 */
const CODE_LINE = /^\s{4}(\d{8})$/m;

export function codeIn(text: string): string {
  const m = CODE_LINE.exec(text);
  if (!m) throw new Error('no code in this mail');
  return m[1]!;
}

export function lastCodeTo(sent: readonly MailMessage[], to: string): string {
  const mail = [...sent].reverse().find((m) => m.to === to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return codeIn(mail.text);
}

/** The newest console-transport mail to `to` under `dataDir`/mail, polled briefly (sending is not awaited). */
export async function readMailedCode(dataDir: string, to: string, timeoutMs = 5_000): Promise<string> {
  const dir = join(dataDir, 'mail');
  const until = Date.now() + timeoutMs;
  for (;;) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).sort().reverse();
    } catch {
      // Not created until the first mail.
    }
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      if (text.startsWith(`To: ${to}\n`)) return codeIn(text);
    }
    if (Date.now() > until) throw new Error(`no mail to ${to} in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
