import pino, { type Logger } from 'pino';
import { privateFile } from './data-dir';

/**
 * Structured JSON logs. Redaction is a backstop: code never passes secrets to the logger, and
 * these paths make sure a header or body that slipped through is still censored.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.code',
  '*.state',
  '*.clientSecret',
  '*.client_secret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'portside-backend' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        // Never log query strings: OAuth codes and states travel there.
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
          id: req.id,
        }),
      },
    },
    destination,
  );
}

/**
 * A log file only this user can read (logs name members and portals): created 0600, an existing
 * looser one tightened first. Answers the destination and any warning to log through it.
 */
export function privateLogFile(file: string): { destination: pino.DestinationStream; warnings: string[] } {
  const warnings = privateFile(file, { create: true });
  return { destination: pino.destination({ dest: file, sync: false, mode: 0o600 }), warnings };
}
