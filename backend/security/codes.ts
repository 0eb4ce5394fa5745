import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { newId } from './tokens';
import type { CodePurpose, Db } from '../db/schema';

/**
 * One-time codes sent by mail (migration 0009): sign-up, "verify your email", and proof of a
 * HubSpot link. Random 8 digits, valid CODE_TTL_MS, single use, CODE_MAX_ATTEMPTS wrong guesses
 * per code, and only a hash is stored. A new code for the same (purpose, subject) replaces the
 * old one. The hash is salted with purpose and subject so one table row cannot answer another.
 * (8 digits are short enough to brute-force from a stolen hash; the 15 minutes and single use
 * bound what that buys.)
 */
export type { CodePurpose };
export const CODE_TTL_MS = 15 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_LENGTH = 8;

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
}

function hashCode(purpose: CodePurpose, subject: string, code: string): string {
  return createHash('sha256').update(`${purpose}\n${subject}\n${code}`, 'utf8').digest('hex');
}

export interface IssueInput {
  purpose: CodePurpose;
  subject: string;
  data?: Record<string, unknown>;
  now: number;
  ttlMs?: number;
}

/** A fresh code for (purpose, subject); earlier unused ones stop working. Returns the code to mail. */
export async function issueCode(db: Db, input: IssueInput): Promise<{ code: string; expiresAt: number }> {
  const code = newCode();
  const expiresAt = input.now + (input.ttlMs ?? CODE_TTL_MS);
  await db.deleteFrom('verification_codes').where('purpose', '=', input.purpose).where('subject', '=', input.subject).where('used_at', 'is', null).execute();
  // Housekeeping: long-dead codes are of no use to anyone.
  await db.deleteFrom('verification_codes').where('expires_at', '<', input.now - 24 * 3600 * 1000).execute();
  await db
    .insertInto('verification_codes')
    .values({
      id: newId(),
      purpose: input.purpose,
      subject: input.subject,
      code_hash: hashCode(input.purpose, input.subject, code),
      data: JSON.stringify(input.data ?? {}),
      attempts: 0,
      expires_at: expiresAt,
      used_at: null,
      created_at: input.now,
    })
    .execute();
  return { code, expiresAt };
}

export type ConsumeResult = { ok: true; data: Record<string, unknown> } | { ok: false };

/**
 * Spends a code. The attempt is counted before the comparison (an atomic increment that refuses
 * past the cap), so parallel guesses cannot exceed it; the right code is then marked used with a
 * compare-and-set, so of two concurrent correct submissions only one succeeds.
 */
export async function consumeCode(db: Db, input: { purpose: CodePurpose; subject: string; code: string; now: number }): Promise<ConsumeResult> {
  const row = await db
    .selectFrom('verification_codes')
    .selectAll()
    .where('purpose', '=', input.purpose)
    .where('subject', '=', input.subject)
    .where('used_at', 'is', null)
    .where('expires_at', '>', input.now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row) return { ok: false };
  const counted = await db
    .updateTable('verification_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('attempts', '<', CODE_MAX_ATTEMPTS)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) return { ok: false };
  const expected = Buffer.from(row.code_hash, 'hex');
  const given = Buffer.from(hashCode(input.purpose, input.subject, input.code), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false };
  const spent = await db.updateTable('verification_codes').set({ used_at: input.now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) return { ok: false };
  return { ok: true, data: JSON.parse(row.data) as Record<string, unknown> };
}
