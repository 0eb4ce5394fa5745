import { describe, expect, it } from 'vitest';
import type { ObjectLevels } from '../../lib/contract/api/identity';
import type { CrmObjectTypeId } from '../../lib/contract/crm-objects';
import { decideAccess, type PermissionsAnswer } from '../../backend/services/access/decide';
import type { PipelineRules } from '../../backend/services/access/pipeline-rules-store';
import { contactOnlyLevels, type AccessIdentity } from '../../backend/services/identity/views';

/**
 * The access decision per object, as a table (design20 §5): the object's own levels, "no access",
 * pipeline rules on the fallback only, and each object's noun in the words.
 */

const TEAM_SALES = '301';
const rep: AccessIdentity = { userId: '5004', ownerId: '7004', superAdmin: false, active: true, teamIds: [TEAM_SALES], levels: contactOnlyLevels(null) };
const everything: ObjectLevels = { access: 'levels', view: 'everything', edit: 'everything', viewUnassigned: true, editUnassigned: true };
const ownedOnly: ObjectLevels = { access: 'levels', view: 'owned', edit: 'owned', viewUnassigned: false, editUnassigned: false };
const withLevels = (type: CrmObjectTypeId, l: ObjectLevels | null): AccessIdentity => ({ ...rep, levels: { ...rep.levels, [type]: l } });

const API_OFF: PermissionsAnswer = { kind: 'unavailable', why: 'missing scope' };
const mine = { kind: 'found' as const, properties: { hubspot_owner_id: '7004' } };
const theirs = { kind: 'found' as const, properties: { hubspot_owner_id: '7099' } };
const rules = (r: Partial<PipelineRules> & { list?: [string, 'everyone' | 'restricted', string[], string[]][] }): PipelineRules => ({
  allUnrestricted: r.allUnrestricted ?? false,
  rules: new Map((r.list ?? []).map(([id, access, teamIds, userIds]) => [id, { pipelineId: id, access, teamIds, userIds }])),
});

describe('decideAccess per object (fallback)', () => {
  it.each([
    ['0-2', 'company'],
    ['0-3', 'deal'],
    ['0-5', 'ticket'],
  ] as const)('%s: levels not set → unknown, naming the object', (type, noun) => {
    const a = decideAccess({ identity: withLevels('0-1', everything), objectType: type, record: mine, permissions: API_OFF });
    expect(a.canView).toMatchObject({ allowed: false, code: 'unknown' });
    expect(a.canView.message).toContain(`your admin hasn't set your ${noun} permissions in Portside`);
  });

  it("the object's own levels decide, not contacts': owned-only on deals refuses a teammate's deal", () => {
    const identity: AccessIdentity = { ...rep, levels: { ...contactOnlyLevels({ view: 'everything', edit: 'everything', viewUnassigned: true, editUnassigned: true }), '0-3': ownedOnly } };
    const deal = decideAccess({ identity, objectType: '0-3', record: theirs, permissions: API_OFF, pipeline: { id: 'default', label: null, rules: rules({ allUnrestricted: true }) } });
    expect(deal.canView).toMatchObject({ allowed: false, code: 'other_owner', message: 'Owned by someone else — your permissions cover only deals you own' });
    const contact = decideAccess({ identity, record: theirs, permissions: API_OFF });
    expect(contact.canView).toMatchObject({ allowed: true, code: 'view_everything', message: 'You can view every contact' });
  });

  it("'none' → object_not_permitted, whatever the ownership", () => {
    const a = decideAccess({ identity: withLevels('0-5', { access: 'none' }), objectType: '0-5', record: mine, permissions: API_OFF, pipeline: { id: '0', label: null, rules: rules({ allUnrestricted: true }) } });
    expect(a.canView).toEqual({ allowed: false, code: 'object_not_permitted', message: 'You have no access to tickets in HubSpot (as set by your admin)' });
    expect(a.canEdit.allowed).toBe(false);
  });

  const dealIn = (pipelineId: string | null, r: PipelineRules | undefined, identity = withLevels('0-3', everything)) =>
    decideAccess({ identity, objectType: '0-3', record: mine, permissions: API_OFF, pipeline: { id: pipelineId, label: pipelineId === '811122' ? 'Enterprise deals' : null, ...(r ? { rules: r } : {}) } });

  it.each([
    ["'*' row", '811122', rules({ allUnrestricted: true }), true, 'owner'],
    ["rule 'everyone'", '811122', rules({ list: [['811122', 'everyone', [], []]] }), true, 'owner'],
    ['restricted to my team', '811122', rules({ list: [['811122', 'restricted', [TEAM_SALES], []]] }), true, 'owner'],
    ['restricted to me by user id', '811122', rules({ list: [['811122', 'restricted', [], ['5004']]] }), true, 'owner'],
    ['restricted to another team', '811122', rules({ list: [['811122', 'restricted', ['302'], ['5099']]] }), false, 'pipeline_not_permitted'],
    ['no rule for the pipeline', '811122', rules({ list: [['default', 'everyone', [], []]] }), false, 'pipeline_unknown'],
    ['no rules at all', '811122', undefined, false, 'pipeline_unknown'],
    ['the record in no pipeline', null, rules({}), true, 'owner'],
  ] as const)('pipeline: %s', (_name, pipelineId, r, allowed, code) => {
    const a = dealIn(pipelineId, r);
    expect(a.canView).toMatchObject({ allowed, code });
    expect(a.canEdit.allowed).toBe(allowed);
  });

  it('pipeline rules apply with exact team membership: a child team of the listed one is not in', () => {
    const child: AccessIdentity = { ...withLevels('0-3', everything), teamIds: ['302'] };
    expect(dealIn('811122', rules({ list: [['811122', 'restricted', [TEAM_SALES], []]] }), child).canView.code).toBe('pipeline_not_permitted');
  });

  it('pipeline messages name the pipeline, or its id when no label is cached', () => {
    expect(dealIn('811122', rules({ list: [['811122', 'restricted', ['302'], []]] })).canView.message).toBe("Deals in pipeline 'Enterprise deals' are restricted to other teams");
    const unknown = decideAccess({ identity: withLevels('0-5', everything), objectType: '0-5', record: mine, permissions: API_OFF, pipeline: { id: '7', label: null, rules: rules({}) } });
    expect(unknown.canView.message).toBe("Portside can't tell who may see pipeline '7': HubSpot doesn't share pipeline permissions with apps; ask your admin to set them in Portside");
  });
});

describe('decideAccess per object (permissions API answer)', () => {
  const denied: PermissionsAnswer = { kind: 'answer', view: new Set(), edit: new Set() };

  it('pipeline rules are never consulted when HubSpot answers', () => {
    const a = decideAccess({ identity: withLevels('0-3', everything), objectType: '0-3', record: mine, permissions: { kind: 'answer', view: new Set(['5004']), edit: new Set(['5004']) }, pipeline: { id: '811122', label: null } });
    expect(a).toMatchObject({ source: 'permissions_api', canView: { allowed: true, code: 'permitted_by_hubspot', message: 'You own this deal' }, canEdit: { allowed: true } });
  });

  it('an owned deal HubSpot hides says its pipeline may be restricted', () => {
    const a = decideAccess({ identity: rep, objectType: '0-3', record: mine, permissions: denied, pipeline: { id: '811122', label: null } });
    expect(a.canView).toEqual({ allowed: false, code: 'not_permitted_by_hubspot', message: "HubSpot doesn't let you view this deal — its pipeline may be restricted" });
  });

  it("someone else's hidden ticket says only that HubSpot refuses", () => {
    const a = decideAccess({ identity: rep, objectType: '0-5', record: theirs, permissions: denied, pipeline: { id: '0', label: null } });
    expect(a.canView).toEqual({ allowed: false, code: 'not_permitted_by_hubspot', message: "Owned by someone else — HubSpot doesn't let you see it" });
  });

  it.each([
    ['0-1', "This contact doesn't exist in HubSpot or was deleted"],
    ['0-2', "This company doesn't exist in HubSpot or was deleted"],
    ['0-3', "This deal doesn't exist in HubSpot or was deleted"],
    ['0-5', "This ticket doesn't exist in HubSpot or was deleted"],
  ] as const)('%s: a record gone is said with its noun', (type, message) => {
    expect(decideAccess({ identity: rep, objectType: type, record: { kind: 'not_found' }, permissions: denied }).canView).toEqual({ allowed: false, code: 'record_not_found', message });
  });

  it('a super admin sees every object and pipeline', () => {
    const a = decideAccess({ identity: { ...rep, superAdmin: true }, objectType: '0-5', record: theirs, permissions: API_OFF, pipeline: { id: '9', label: null, rules: rules({}) } });
    expect(a.canEdit).toMatchObject({ allowed: true, code: 'super_admin' });
  });
});
