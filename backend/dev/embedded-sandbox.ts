import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { CALLBACK_PATH } from '../hubspot/app';
import { SANDBOX_APP } from '../sandbox/seed';
import { startSandbox } from '../sandbox/start';
import type { EmbeddedHubSpot, SandboxOptions } from '../server';
import { SANDBOX_STATE_FILE } from '../server';
import { selfSignedCert } from './self-signed';

/**
 * The embedded HubSpot sandbox a backend without app credentials runs on (`npm start`, the dev
 * entries, the test harnesses). It is handed to `startServer` by those callers and never
 * imported by backend/main.ts, so the production bundle (dist/backend) carries neither the
 * sandbox nor its development client secret (issue 19 item 8; test/backend/ops/bundle.test.ts).
 */
export const embeddedSandbox: EmbeddedHubSpot = async (config: Config, opts: SandboxOptions | undefined, logger: Logger) => {
  const httpsPort = opts?.httpsPort === undefined ? config.SANDBOX_HTTPS_PORT : opts.httpsPort;
  const tls = httpsPort === null ? null : selfSignedCert(join(resolve(config.DATA_DIR), 'sandbox-tls'));
  for (const w of tls?.warnings ?? []) logger.warn({ warning: w }, 'data_dir.permissions');
  const started = await startSandbox({
    port: opts?.port ?? config.SANDBOX_PORT,
    ...(tls && httpsPort !== null ? { https: { port: httpsPort, key: tls.key, cert: tls.cert } } : {}),
    ...(opts?.tokenTtlSeconds ? { tokenTtlSeconds: opts.tokenTtlSeconds } : {}),
    redirectUris: [`${config.publicUrl}${CALLBACK_PATH}`],
    // The database keeps the install's tokens across restarts, so the sandbox keeps its side too.
    stateFile: join(resolve(config.DATA_DIR), SANDBOX_STATE_FILE),
    onStateWarning: (message) => logger.warn({ warning: message }, 'sandbox.state'),
  });
  logger.warn({ url: started.url, webUrl: started.webUrl ?? null }, 'sandbox.embedded: no HubSpot app credentials configured, using the embedded HubSpot sandbox');
  return { sandbox: started, app: { url: started.url, clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret, appId: SANDBOX_APP.appId } };
};
