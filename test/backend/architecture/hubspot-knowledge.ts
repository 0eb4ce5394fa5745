/**
 * Finds HubSpot knowledge in source text: API paths and host, `x-hubspot-*` headers, and fields
 * or category values of HubSpot's error bodies. Only backend/hubspot/ (the adapter) and
 * backend/sandbox/ (the stand-in HubSpot) may hold these; the architecture test runs this over
 * every other file of backend/ and lib/.
 *
 * Comments are skipped (a comment may say what HubSpot does); strings and code are not.
 */

export interface Finding {
  line: number;
  rule: string;
  text: string;
}

const RULES: { rule: string; pattern: RegExp }[] = [
  { rule: 'HubSpot API path', pattern: /\/(?:crm\/v[34]|oauth\/|settings\/v3|resource-permissions|account-info|appinstalls)\b/ },
  { rule: 'HubSpot API host', pattern: /hubapi\.com/i },
  { rule: 'HubSpot header', pattern: /x-hubspot-/i },
  { rule: 'HubSpot error field', pattern: /\b(?:subCategory|policyName|errorType|correctHublet)\b|\bcontext\??\.ids\b|\bbody\??\.correlationId\b/ },
  { rule: 'HubSpot error category', pattern: /['"`](?:OBJECT_NOT_FOUND|MISSING_SCOPES|EXPIRED_AUTHENTICATION|INVALID_AUTHENTICATION|VALIDATION_ERROR|BAD_REFRESH_TOKEN|RATE_LIMITS)['"`]/ },
];

/** The text with comments blanked out (newlines kept, so line numbers stay right). */
export function withoutComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    out += c;
    i++;
  }
  return out;
}

export function findHubSpotKnowledge(src: string): Finding[] {
  const found: Finding[] = [];
  withoutComments(src)
    .split('\n')
    .forEach((text, n) => {
      for (const { rule, pattern } of RULES) if (pattern.test(text)) found.push({ line: n + 1, rule, text: text.trim() });
    });
  return found;
}
