/**
 * A deal amount for display. `value` is HubSpot's decimal string; it is parsed only to format it
 * and never used for arithmetic. An ISO currency code the browser's Intl does not accept is
 * shown plainly after the number ("48,000 XBT"), and an amount with no currency at all (the
 * portal's company currency was not known) is a bare number with a title saying so.
 */
export interface FormattedAmount {
  text: string;
  title?: string;
}

export function formatAmount(amount: { value: string; currency: string | null }, locale?: string): FormattedAmount {
  const n = Number(amount.value);
  if (amount.value.trim() === '' || !Number.isFinite(n)) return { text: amount.currency ? `${amount.value} ${amount.currency}` : amount.value };
  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
  if (!amount.currency) return { text: plain, title: '(portal currency unknown)' };
  try {
    return { text: new Intl.NumberFormat(locale, { style: 'currency', currency: amount.currency }).format(n) };
  } catch {
    return { text: `${plain} ${amount.currency}` };
  }
}
