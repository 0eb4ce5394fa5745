/**
 * Outgoing mail, as the rest of the backend sees it: one message, one recipient, plain text.
 * Codes travel only inside `text`; `subject` is logged by the console transport, so it must
 * never carry a code.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'console' | 'memory';
  send(message: MailMessage): Promise<void>;
}
