import { consoleTransport } from './console';
import { smtpTransport } from './smtp';
import type { MailTransport } from './transport';

export interface MailConfig {
  mailTransport: 'smtp' | 'console';
  SMTP_URL?: string | undefined;
  MAIL_FROM: string;
  DATA_DIR: string;
}

/** The transport the configuration chose (config.ts already refused smtp without SMTP_URL). */
export function mailTransportFromConfig(config: MailConfig, logger: { info(obj: object, msg: string): void }): MailTransport {
  if (config.mailTransport === 'smtp' && config.SMTP_URL) return smtpTransport(config.SMTP_URL, config.MAIL_FROM);
  return consoleTransport(config.DATA_DIR, logger);
}
