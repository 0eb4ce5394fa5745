import { runBackend } from '../run-backend';
import { embeddedSandbox } from './embedded-sandbox';

/** Development entry (`npm run backend`): like backend/main.ts, with the embedded sandbox when no credentials are set. */
void runBackend({ embeddedHubSpot: embeddedSandbox });
