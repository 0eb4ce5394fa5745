import type { FastifyInstance } from 'fastify';
import { SetEditablePropertiesBody } from '../../../../lib/api/settings';
import { ok } from '../../../../lib/errors';
import { signedIn } from '../../../http/authenticate';
import { listContactProperties, loadAllowlist, setEditableProperties, type SettingsDeps } from '../../../services/settings/editable-properties';
import { parseOr400, respond } from '../respond';

/**
 * Write settings under /api/v1/settings: any member reads the editable properties and the
 * portal's task options (the panel's forms); only admins change them or list the portal's property definitions for the picker.
 */
export async function settingsRoutes(app: FastifyInstance, deps: SettingsDeps) {
  await app.register(
    async (scope) => {
      await scope.register(async (members) => {
        members.addHook('onRequest', app.auth.member);
        members.get('/editable-properties', async (req, reply) => respond(reply, ok(await loadAllowlist(deps.db, signedIn(req).workspaceId))));
        members.get('/task-options', async (req, reply) => respond(reply, await deps.taskOptions(signedIn(req).workspaceId)));
      });
      await scope.register(async (admins) => {
        admins.addHook('onRequest', app.auth.admin);
        admins.put('/editable-properties', async (req, reply) => {
          const body = parseOr400(SetEditablePropertiesBody, req.body, reply);
          if (!body) return reply;
          const m = signedIn(req);
          return respond(reply, await setEditableProperties(deps, { memberId: m.memberId, workspaceId: m.workspaceId }, body, req.id));
        });
        admins.get('/contact-properties', async (req, reply) => {
          const m = signedIn(req);
          return respond(reply, await listContactProperties(deps, { memberId: m.memberId, workspaceId: m.workspaceId }));
        });
      });
    },
    { prefix: '/api/v1/settings' },
  );
}
