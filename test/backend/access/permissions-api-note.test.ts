import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../../backend/services/access/decide';
import { contactOnlyLevels, type AccessIdentity } from '../../../backend/services/identity/views';

/** When HubSpot refuses the record permission API to the app, the ownership verdict says so. */

const identity: AccessIdentity = {
  userId: '5002',
  ownerId: '7002',
  superAdmin: false,
  active: true,
  teamIds: [],
  levels: contactOnlyLevels({ view: 'everything', edit: 'owned', viewUnassigned: true, editUnassigned: false }),
};
const record = { kind: 'found' as const, properties: { hubspot_owner_id: '7002' } };

describe('ownership fallback, honestly', () => {
  it('a lasting refusal (missing scope, not offered) decides by ownership and names the API as not available to this app', () => {
    const a = decideAccess({ identity, record, permissions: { kind: 'unavailable', why: 'HubSpot refused access to this.' } });
    expect(a.source).toBe('ownership');
    expect(a.canEdit.allowed).toBe(true);
    expect(a.sourceNote).toMatch(/^Record permission API not available to this app/);
    const noLevels = decideAccess({ identity: { ...identity, levels: contactOnlyLevels(null) }, record, permissions: { kind: 'unavailable', why: 'x' } });
    expect(noLevels.canView).toMatchObject({ allowed: false, code: 'unknown' });
    expect(noLevels.canView.message).toMatch(/^HubSpot's record permission API isn't available to this app/);
  });

  it('a passing failure (HubSpot down) says nothing about availability', () => {
    const a = decideAccess({ identity, record, permissions: { kind: 'unavailable', why: 'timeout', transient: true } });
    expect(a.source).toBe('ownership');
    expect(a.sourceNote).toBeUndefined();
    const answered = decideAccess({ identity, record, permissions: { kind: 'answer', view: new Set(['5002']), edit: new Set() } });
    expect(answered.sourceNote).toBeUndefined();
  });
});
