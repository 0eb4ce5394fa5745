/**
 * The additional authenticated data that binds each sealed value to its row and column, so a
 * sealed token copied elsewhere never opens. Here, below the install feature, because the key
 * rotation (reencrypt.ts) reseals the same columns with the same binding.
 */

/** AAD for an install's tokens: a sealed token only opens in its own row and column. */
export function installTokenAad(installId: string, kind: 'refresh' | 'access'): string {
  return `install:${installId}:${kind}`;
}

/** AAD for a ticket's pending tokens (another portal's, awaiting the admin's confirmation). */
export function pendingAad(ticketId: string): string {
  return `ticket:${ticketId}:pending`;
}
