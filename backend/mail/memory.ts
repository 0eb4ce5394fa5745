import type { MailMessage, MailTransport } from './transport';

/** Keeps every message in memory: tests (and the e2e harness) read codes from here. */
export interface MemoryTransport extends MailTransport {
  readonly sent: MailMessage[];
  /** The newest message to `to`, if any. */
  last(to: string): MailMessage | undefined;
}

export function memoryTransport(): MemoryTransport {
  const sent: MailMessage[] = [];
  return {
    kind: 'memory',
    sent,
    // Synchronous push before the first await, so a caller that does not await still records it.
    send: (message) => (sent.push(message), Promise.resolve()),
    last: (to) => [...sent].reverse().find((m) => m.to === to),
  };
}
