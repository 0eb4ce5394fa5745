import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { sendFailure } from '../../../backend/http/errors';
import { fail } from '../../../lib/contract/errors';

/**
 * `object_not_available` is a state of the install (the object's scope was not granted), not the
 * member's permission: 409, so the panel never mistakes it for `forbidden` (403).
 */
it('answers object_not_available with 409 and its details', async () => {
  const app = Fastify();
  const details = { objectType: '0-3', missingScopes: ['crm.objects.deals.read'], reconnect: true };
  app.get('/x', (_req, reply) => sendFailure(reply, fail('object_not_available', 'Deals are not connected to Portside.', details)));
  const res = await app.inject({ method: 'GET', url: '/x' });
  expect(res.statusCode).toBe(409);
  expect(res.json()).toEqual({ error: { code: 'object_not_available', message: 'Deals are not connected to Portside.', details } });
  await app.close();
});
