import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { smtpTransport } from '../../../backend/mail/smtp';
import { ConfigError, parseConfig } from '../../../backend/config';
import { consoleTransport } from '../../../backend/mail/console';
import { mailTransportFromConfig } from '../../../backend/mail/from-config';
import { signupCodeMail } from '../../../backend/mail/messages';
import { sendQuietly } from '../../../backend/mail/send';

const problems = (env: Record<string, string>) => {
  try {
    parseConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('mail transport', () => {
  it('console: logs "mail to <email>: <subject>" without the code, and writes the message to DATA_DIR/mail/ (0700 dir, 0600 file)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portside-mail-'));
    const lines: string[] = [];
    const t = consoleTransport(dataDir, { info: (obj, msg) => void lines.push(JSON.stringify({ ...obj, msg })) });
    await t.send(signupCodeMail('ada@example.test', 'Acme', '12345678', 15 * 60_000));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('mail to ada@example.test: Your Portside sign-up code');
    expect(lines[0]).not.toContain('12345678');
    const dir = join(dataDir, 'mail');
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file!), 'utf8')).toContain('    12345678');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
  });

  it('a failing transport is logged by type and domain, never thrown, never with the message', async () => {
    const warned: string[] = [];
    const failing = { kind: 'smtp' as const, send: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    await sendQuietly(failing, { warn: (obj, msg) => void warned.push(JSON.stringify({ ...obj, msg })) }, signupCodeMail('ada@example.test', 'Acme', '87654321', 1));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('mail.send_failed');
    expect(warned[0]).not.toContain('87654321');
    expect(warned[0]).not.toContain('ada@');
  });

  it('smtp: delivers through an SMTP server (a minimal one here) with MAIL_FROM as the sender', async () => {
    let transcript = '';
    const server = createServer((sock) => {
      let inData = false;
      sock.write('220 test ESMTP\r\n');
      sock.on('data', (buf) => {
        transcript += buf.toString();
        for (const line of buf.toString().split('\r\n').filter(Boolean)) {
          if (inData) {
            if (line === '.') {
              inData = false;
              sock.write('250 queued\r\n');
            }
          } else if (/^(EHLO|HELO)/i.test(line)) sock.write('250 test\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            sock.write('354 go\r\n');
          } else if (/^QUIT/i.test(line)) sock.end('221 bye\r\n');
          else sock.write('250 ok\r\n');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      await smtpTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Portside <portside@example.test>').send(signupCodeMail('ada@example.test', 'Acme', '24681357', 60_000));
    } finally {
      server.close();
    }
    expect(transcript).toMatch(/MAIL FROM:<portside@example.test>/);
    expect(transcript).toMatch(/RCPT TO:<ada@example.test>/);
    expect(transcript).toContain('24681357');
  });

  it('is chosen by configuration: console by default outside production, smtp with SMTP_URL', () => {
    const logger = { info() {} };
    expect(mailTransportFromConfig(parseConfig({ NODE_ENV: 'development' }), logger).kind).toBe('console');
    expect(mailTransportFromConfig(parseConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://localhost:2525' }), logger).kind).toBe('smtp');
  });

  it('refuses smtp without SMTP_URL, and production without an explicit MAIL_TRANSPORT, naming the variable', () => {
    expect(problems({ MAIL_TRANSPORT: 'smtp' })).toEqual([expect.stringMatching(/^SMTP_URL: required with MAIL_TRANSPORT=smtp/)]);
    expect(problems({ NODE_ENV: 'production' }).some((p) => p.startsWith('MAIL_TRANSPORT: required in production'))).toBe(true);
    expect(problems({ NODE_ENV: 'production', MAIL_TRANSPORT: 'console' }).some((p) => p.startsWith('MAIL_TRANSPORT'))).toBe(false);
    expect(problems({ SMTP_URL: 'http://mail.example' }).some((p) => p.startsWith('SMTP_URL'))).toBe(true);
  });
});
