import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { startSandbox } from './start.js';

/**
 * CLI: `npm run sandbox`. Configuration comes from the environment, validated once at start;
 * every bad variable is named before exiting. SIGTERM/SIGINT close the server gracefully.
 */

const port = z.coerce.number().int().min(0).max(65_535);
const envSchema = z.object({
  SANDBOX_PORT: port.default(8788),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_HTTPS_PORT: port.optional(),
  SANDBOX_TLS_KEY: z.string().min(1).optional(),
  SANDBOX_TLS_CERT: z.string().min(1).optional(),
  SANDBOX_SEED: z.enum(['default', 'large']).default('default'),
  SANDBOX_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(1800),
  SANDBOX_LOG: z.enum(['true', 'false']).default('false'),
  /** Keeps installs, tokens, notes and tasks across restarts; unset, every start is the bare seed. */
  SANDBOX_STATE_FILE: z.string().min(1).optional(),
  /** When the OAuth v1 endpoints stop answering, as HubSpot's sunset (ISO date or date-time). */
  SANDBOX_OAUTH_V1_SUNSET: z.iso.date().or(z.iso.datetime()).optional(),
});

function readEnv(): z.infer<typeof envSchema> {
  const parsed = envSchema.safeParse(process.env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Checked on the raw values so a missing key or cert is reported alongside any other bad variable.
  if (process.env.SANDBOX_HTTPS_PORT) {
    for (const key of ['SANDBOX_TLS_KEY', 'SANDBOX_TLS_CERT']) {
      if (!process.env[key]) problems.push(`${key}: required when SANDBOX_HTTPS_PORT is set`);
    }
  }
  if (parsed.success && !problems.length) return parsed.data;
  for (const p of problems) console.error(`sandbox: invalid ${p}`);
  process.exit(1);
}

function readFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    console.error(`sandbox: invalid ${variable}: cannot read ${path} (${(e as Error).message})`);
    process.exit(1);
  }
}

const env = readEnv();
const https =
  env.SANDBOX_HTTPS_PORT !== undefined && env.SANDBOX_TLS_KEY && env.SANDBOX_TLS_CERT
    ? { port: env.SANDBOX_HTTPS_PORT, key: readFile('SANDBOX_TLS_KEY', env.SANDBOX_TLS_KEY), cert: readFile('SANDBOX_TLS_CERT', env.SANDBOX_TLS_CERT) }
    : undefined;

// Handlers go in before the server starts so a signal during start-up still closes cleanly.
let closing = false;
let closeServer: (() => Promise<void>) | undefined;
function shutdown(): void {
  if (closing) return;
  closing = true;
  (closeServer ? closeServer() : Promise.resolve()).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error('sandbox: error while closing', e);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

const started = await startSandbox({
  port: env.SANDBOX_PORT,
  host: env.SANDBOX_HOST,
  seed: env.SANDBOX_SEED,
  tokenTtlSeconds: env.SANDBOX_TOKEN_TTL_SECONDS,
  logger: env.SANDBOX_LOG === 'true',
  ...(https ? { https } : {}),
  ...(env.SANDBOX_STATE_FILE ? { stateFile: env.SANDBOX_STATE_FILE } : {}),
  ...(env.SANDBOX_OAUTH_V1_SUNSET ? { oauthV1SunsetAt: Date.parse(env.SANDBOX_OAUTH_V1_SUNSET) } : {}),
});
closeServer = () => started.close();
const kept = started.state === 'restored' ? `, state restored from ${env.SANDBOX_STATE_FILE}` : '';
console.log(`HubSpot sandbox listening on ${started.url}${started.webUrl ? ` and ${started.webUrl}` : ''} (seed: ${env.SANDBOX_SEED}${kept})`);
