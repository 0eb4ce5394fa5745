import nodemailer from 'nodemailer';
import type { MailMessage, MailTransport } from './transport';

/** Real mail through the operator's SMTP server (`SMTP_URL`, e.g. smtps://user:pass@host:465). */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(message: MailMessage) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
