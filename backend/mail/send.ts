import type { MailMessage, MailTransport } from './transport';

/**
 * Sends and never throws: a mail server that is down must not turn into a 500 (nor into an
 * answer that differs by branch). The failure is logged by recipient domain and error type only.
 */
export async function sendQuietly(transport: MailTransport, logger: { warn(obj: object, msg: string): void }, message: MailMessage): Promise<void> {
  try {
    await transport.send(message);
  } catch (err) {
    logger.warn({ transport: transport.kind, domain: message.to.split('@')[1] ?? null, error: err instanceof Error ? err.name : 'unknown' }, 'mail.send_failed');
  }
}
