import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../context.js';
import { ControlError, permissionPatchSchema, type SandboxControl } from '../control.js';
import { faultInputSchema, latencyInputSchema } from '../faults.js';

/**
 * The HTTP face of the test controls, under `/_sandbox/*` (never a HubSpot path). Bodies are
 * JSON and validated; unknown portals, records and users answer 404 `{error}`.
 */

const portalParams = z.object({ portalId: z.coerce.number().int() });
const contactParams = portalParams.extend({ contactId: z.string().regex(/^\d+$/) });
const userParams = portalParams.extend({ userId: z.coerce.number().int() });
const tokenBody = z.object({ token: z.string().min(1) });
const resetBody = z.object({ seed: z.enum(['default', 'large']).optional() });
const latencyBody = z.object({ ms: z.number().int().min(0).max(600_000) });
const ruleParams = z.object({ id: z.coerce.number().int() });
const rateLimitBody = z.object({ max: z.number().int().positive(), intervalMs: z.number().int().positive() });
const installBody = z.object({ portalId: z.number().int(), userId: z.number().int(), scopes: z.array(z.string()).optional() });
const uninstallBody = z.object({ portalId: z.number().int(), appId: z.number().int().optional() });
const ownerBody = z.object({ ownerId: z.number().int().nullable() });
const propertiesBody = z.object({ properties: z.record(z.string(), z.string()) });
const contactQuery = z.object({ contactId: z.string().optional() });
const hubletBody = z.object({ hublet: z.string().regex(/^[a-z]{2}\d{1,2}$/).nullable() });

async function run<T>(reply: FastifyReply, fn: () => T): Promise<T | FastifyReply> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ControlError) return reply.code(e.statusCode).send({ error: e.message });
    throw e;
  }
}

export function registerControlRoutes(app: FastifyInstance, control: SandboxControl): void {
  const p = '/_sandbox';

  app.post(`${p}/reset`, async (request, reply) => {
    const body = parseInput(resetBody, request.body ?? {}, reply);
    if (!body) return reply;
    control.reset(body.seed);
    return { ok: true };
  });

  app.put(`${p}/latency`, async (request, reply) => {
    const body = parseInput(latencyBody, request.body, reply);
    if (!body) return reply;
    control.setGlobalLatency(body.ms);
    return { ok: true };
  });
  app.post(`${p}/latency`, async (request, reply) => {
    const body = parseInput(latencyInputSchema, request.body, reply);
    return body ? reply.code(201).send(control.addLatency(body)) : reply;
  });
  app.post(`${p}/faults`, async (request, reply) => {
    const body = parseInput(faultInputSchema, request.body, reply);
    return body ? reply.code(201).send(control.addFault(body)) : reply;
  });
  app.get(`${p}/faults`, async () => control.faults());
  app.delete(`${p}/faults`, async (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });
  app.delete(`${p}/faults/:id`, async (request, reply) => {
    const params = parseInput(ruleParams, request.params, reply, 'path');
    if (!params) return reply;
    return control.removeRule(params.id) ? reply.code(204).send() : reply.code(404).send({ error: 'no such rule' });
  });
  app.put(`${p}/rate-limit`, async (request, reply) => {
    const body = parseInput(rateLimitBody, request.body, reply);
    if (!body) return reply;
    control.setRateLimit(body);
    return { ok: true };
  });

  app.post(`${p}/install`, async (request, reply) => {
    const body = parseInput(installBody, request.body, reply);
    return body ? run(reply, () => control.install(body.portalId, body.userId, body.scopes)) : reply;
  });
  app.post(`${p}/tokens/expire`, async (request, reply) => {
    const body = parseInput(tokenBody, request.body, reply);
    if (!body) return reply;
    return control.expireToken(body.token) ? { ok: true } : reply.code(404).send({ error: 'unknown token' });
  });
  app.post(`${p}/tokens/revoke`, async (request, reply) => {
    const body = parseInput(tokenBody, request.body, reply);
    if (!body) return reply;
    return control.revokeToken(body.token) ? { ok: true } : reply.code(404).send({ error: 'unknown token' });
  });
  app.post(`${p}/uninstall`, async (request, reply) => {
    const body = parseInput(uninstallBody, request.body, reply);
    if (!body) return reply;
    return { uninstalled: control.uninstall(body.portalId, body.appId) };
  });

  app.get(`${p}/portals/:portalId/contacts/:contactId`, async (request, reply) => {
    const params = parseInput(contactParams, request.params, reply, 'path');
    return params ? run(reply, () => control.contact(params.portalId, params.contactId)) : reply;
  });
  app.put(`${p}/portals/:portalId/contacts/:contactId/owner`, async (request, reply) => {
    const params = parseInput(contactParams, request.params, reply, 'path');
    const body = params && parseInput(ownerBody, request.body, reply);
    return params && body ? run(reply, () => control.setOwner(params.portalId, params.contactId, body.ownerId)) : reply;
  });
  app.patch(`${p}/portals/:portalId/contacts/:contactId`, async (request, reply) => {
    const params = parseInput(contactParams, request.params, reply, 'path');
    const body = params && parseInput(propertiesBody, request.body, reply);
    return params && body ? run(reply, () => control.setContactProperties(params.portalId, params.contactId, body.properties)) : reply;
  });
  app.get(`${p}/portals/:portalId/notes`, async (request, reply) => {
    const params = parseInput(portalParams, request.params, reply, 'path');
    const query = params && parseInput(contactQuery, request.query, reply, 'query');
    return params && query ? run(reply, () => control.notes(params.portalId, query.contactId)) : reply;
  });
  app.get(`${p}/portals/:portalId/tasks`, async (request, reply) => {
    const params = parseInput(portalParams, request.params, reply, 'path');
    const query = params && parseInput(contactQuery, request.query, reply, 'query');
    return params && query ? run(reply, () => control.tasks(params.portalId, query.contactId)) : reply;
  });
  app.get(`${p}/portals/:portalId/calls`, async (request, reply) => {
    const params = parseInput(portalParams, request.params, reply, 'path');
    const query = params && parseInput(contactQuery, request.query, reply, 'query');
    return params && query ? run(reply, () => control.calls(params.portalId, query.contactId)) : reply;
  });
  app.patch(`${p}/portals/:portalId/users/:userId`, async (request, reply) => {
    const params = parseInput(userParams, request.params, reply, 'path');
    const body = params && parseInput(permissionPatchSchema, request.body, reply);
    return params && body ? run(reply, () => control.setUserPermissions(params.portalId, params.userId, body)) : reply;
  });
  app.post(`${p}/portals/:portalId/users/:userId/deactivate`, async (request, reply) => {
    const params = parseInput(userParams, request.params, reply, 'path');
    return params ? run(reply, () => control.setUserActive(params.portalId, params.userId, false)) : reply;
  });
  app.post(`${p}/portals/:portalId/users/:userId/activate`, async (request, reply) => {
    const params = parseInput(userParams, request.params, reply, 'path');
    return params ? run(reply, () => control.setUserActive(params.portalId, params.userId, true)) : reply;
  });

  app.put(`${p}/portals/:portalId/hublet`, async (request, reply) => {
    const params = parseInput(portalParams, request.params, reply, 'path');
    const body = params && parseInput(hubletBody, request.body, reply);
    return params && body ? run(reply, () => ({ portalId: control.setHublet(params.portalId, body.hublet).portalId, hublet: body.hublet })) : reply;
  });

  app.get(`${p}/requests`, async () => control.requestLog());
  app.get(`${p}/counters`, async () => control.counters());
  app.post(`${p}/counters/reset`, async () => {
    control.resetCounters();
    return { ok: true };
  });
}
