import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailMessage, MailTransport } from './transport';

interface InfoLogger {
  info(obj: object, msg: string): void;
}

/**
 * Development mail: the log says who got what ("mail to <email>: <subject>"), and the whole
 * message, code included, goes to a file under DATA_DIR/mail/ that only this user can read.
 * The code is never in a log line: logs are shipped and kept where a code must not be.
 */
export function consoleTransport(dataDir: string, logger: InfoLogger): MailTransport {
  const dir = join(dataDir, 'mail');
  return {
    kind: 'console',
    async send(message: MailMessage) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Sortable by time, unique within the millisecond.
      const file = join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}.txt`);
      const body = `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`;
      await writeFile(file, body, { mode: 0o600, flag: 'wx' });
      logger.info({ mailFile: file }, `mail to ${message.to}: ${message.subject}`);
    },
  };
}
