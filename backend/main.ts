import { runBackend } from './run-backend';

/** Production entry (dist/backend/main.js): real HubSpot app credentials only, no sandbox in the bundle. */
void runBackend({});
