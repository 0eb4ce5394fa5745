import pino, { type Logger } from 'pino';

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
