import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { watchSession } from '../../lib/extension/content/session-watch';
import '../../components/popup/popup.css';

// The toolbar button's popup: wiring only. Opening the options page closes the popup by itself.
createRoot(document.getElementById('root')!).render(
  <Popup
    send={(message) => browser.runtime.sendMessage(message)}
    watchSession={(onChange) => watchSession(browser.storage, onChange)}
    openOptions={() => {
      void browser.runtime.openOptionsPage();
      window.close();
    }}
  />,
);
