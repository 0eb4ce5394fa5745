import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../components/options/OptionsApp';
import { watchSession } from '../../lib/extension/content/session-watch';
import '../../components/options/options.css';

const hash = new URLSearchParams(location.hash.slice(1));
const installTicketId = hash.get('install') ?? undefined;

createRoot(document.getElementById('root')!).render(
  <OptionsApp
    send={(message) => browser.runtime.sendMessage(message)}
    requestOrigin={(pattern) => browser.permissions.request({ origins: [pattern] })}
    watchSession={(onChange) => watchSession(browser.storage, onChange)}
    inviteCode={hash.get('invite') ?? ''}
    {...(installTicketId ? { installTicketId } : {})}
  />,
);
