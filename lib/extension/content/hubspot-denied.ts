/**
 * Notices when HubSpot itself shows the user an access-denied page for the record, so the panel
 * shows nothing but that. A page script could fake this markup, but all it could achieve is
 * hiding the panel; it can never make the panel show more.
 */
const DENIED_SELECTORS = ['[data-test-id="access-denied"]', '[data-test-id="no-access-page"]', '[data-test-id="record-access-denied"]'];
const DENIED_TEXT = /you (?:don't|do not) have (?:access|permission) to (?:view )?this record/i;

export function hubspotShowsAccessDenied(doc: Document): boolean {
  if (DENIED_SELECTORS.some((s) => doc.querySelector(s))) return true;
  const heading = doc.querySelector('main h1, #main-content h1, [role="main"] h1, h1');
  return heading ? DENIED_TEXT.test(heading.textContent ?? '') : false;
}

/** Re-checks after HubSpot's page changes (debounced), only while a record page is shown. */
export function watchAccessDenied(doc: Document, onChange: (denied: boolean) => void, signal: AbortSignal, debounceMs = 100): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: boolean | null = null;
  const check = () => {
    timer = null;
    const denied = hubspotShowsAccessDenied(doc);
    if (denied !== last) {
      last = denied;
      onChange(denied);
    }
  };
  const observer = new MutationObserver(() => {
    if (timer === null) timer = setTimeout(check, debounceMs);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  });
  check();
}
