import { expect, it } from 'vitest';
import { ACTION_NAMES } from '../../lib/extension/messages';
import { accountActions } from '../../lib/extension/protocol/account';
import { adminActions } from '../../lib/extension/protocol/admin';
import { panelActions } from '../../lib/extension/protocol/panel';

/**
 * The protocol table is joined from one file per area (lib/extension/protocol/); a name defined in
 * two areas would silently replace the other's schemas and senders, so the areas must not overlap.
 */
it('no action is defined in two areas, and the joined table holds every one', () => {
  const areas = [panelActions, accountActions, adminActions].map((a) => Object.keys(a));
  const all = areas.flat();
  expect(new Set(all).size).toBe(all.length);
  expect([...ACTION_NAMES].sort()).toEqual([...all].sort());
});
