import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { createLogger } from '../../backend/logger';
import { requestLoggerFactory } from '../../backend/http/request-logger';

function app() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  const logger = createLogger('info', sink);
  const f = Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory, genReqId: () => 'req-1' });
  f.get('/x', async (req) => {
    req.log.info({ install: { token: 'secret-token-value' }, contactId: '7' }, 'with.fields');
    req.log.error(new Error('boom'), 'with.error');
    req.log.debug({ n: 1 }, 'below.level');
    req.log.child({ part: 'p' }).warn('from.child');
    return { ok: true };
  });
  return { f, lines };
}

it('request lines carry the request id and the same fields as a pino child, and the logger still redacts', async () => {
  const { f, lines } = app();
  const res = await f.inject({ method: 'GET', url: '/x?code=abc', headers: { authorization: 'Bearer zzz' } });
  expect(res.statusCode).toBe(200);
  const byMsg = Object.fromEntries(lines.map((l) => [l.msg, l]));
  expect(Object.keys(byMsg)).toEqual(['incoming request', 'with.fields', 'with.error', 'from.child', 'request completed']);
  for (const l of lines) expect(l.reqId).toBe('req-1');
  expect(byMsg['incoming request']!.req).toEqual({ method: 'GET', path: '/x', id: 'req-1' });
  expect(byMsg['with.fields']).toMatchObject({ install: { token: '[redacted]' }, contactId: '7' });
  expect(byMsg['with.error']!.err).toMatchObject({ type: 'Error', message: 'boom' });
  expect(byMsg['from.child']).toMatchObject({ part: 'p', level: 40 });
  expect(byMsg['request completed']).toMatchObject({ res: { statusCode: 200 } });
  expect(JSON.stringify(lines)).not.toMatch(/secret-token-value|zzz|abc/);
  await f.close();
});
