import type { MailMessage } from './transport';

/**
 * The mails Portside sends. Subjects never hold the code (the console transport logs subjects);
 * the code is in the body only.
 */
const minutes = (ms: number) => Math.round(ms / 60_000);

export function signupCodeMail(to: string, workspaceName: string, code: string, ttlMs: number): MailMessage {
  return {
    to,
    subject: 'Your Portside sign-up code',
    text: `Your code to create the Portside workspace "${workspaceName}" is:\n\n    ${code}\n\nIt works once, for ${minutes(ttlMs)} minutes. If you did not ask for it, ignore this mail.`,
  };
}

/** Sent instead of a code when the address already has an account: the same 202 for the asker. */
export function signupExistingMail(to: string): MailMessage {
  return {
    to,
    subject: 'Someone tried to create a Portside workspace with your address',
    text: 'Someone tried to create a Portside workspace with your email address, which already has a Portside account on this server.\n\nIf it was you, sign in instead (or ask your admin to reset your access). If it was not you, you can ignore this mail: nothing was changed.',
  };
}

export function emailVerifyMail(to: string, code: string, ttlMs: number): MailMessage {
  return {
    to,
    subject: 'Verify your Portside email',
    text: `Your code to verify this address for your Portside account is:\n\n    ${code}\n\nIt works once, for ${minutes(ttlMs)} minutes. If you did not ask for it, ignore this mail.`,
  };
}

export function linkProofMail(to: string, memberEmail: string, code: string, ttlMs: number): MailMessage {
  return {
    to,
    subject: 'Confirm your HubSpot user for Portside',
    text: `The Portside account ${memberEmail} is linked to your HubSpot user. To confirm that this is you, enter this code in Portside's options page:\n\n    ${code}\n\nIt works once, for ${minutes(ttlMs)} minutes. If you do not know this Portside account, do not enter the code and tell your HubSpot admin.`,
  };
}
