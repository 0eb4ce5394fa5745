import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_ID, isHubSpotAppHost, isHubSpotId } from '../../lib/contract/hubspot-ids';
import { IdParam } from '../../lib/contract/api/records';
import { actions } from '../../lib/extension/messages';
import { parseHubSpotRecordUrl } from '../../lib/extension/hubspot-url';

/**
 * One pattern for HubSpot ids and app hosts (lib/contract/hubspot-ids.ts): the URL parser, the message
 * protocol, drafts and the API contract all answer the same for the same id or host, and no other
 * copy of the pattern lives in the extension's code.
 */
const IDS: Array<[string, boolean]> = [
  ['1', true],
  ['123456', true],
  ['9'.repeat(18), true],
  ['9'.repeat(19), false],
  ['0', false],
  ['012', false],
  ['-1', false],
  ['1.5', false],
  ['12a', false],
  ['', false],
  [' 1', false],
];
const HOSTS: Array<[string, boolean]> = [
  ['app.hubspot.com', true],
  ['app-eu1.hubspot.com', true],
  ['app-na2.hubspot.com', true],
  ['api.hubspot.com', false],
  ['app.hubspot.com.evil.example', false],
  ['evilapp.hubspot.com', false],
  ['app-eu123.hubspot.com', false],
  ['APP.hubspot.com', false],
];

const record = (host: string, id: string) => ({ record: { host, portalId: id, objectTypeId: '0-1', recordId: id } });

describe('HubSpot ids and hosts', () => {
  it.each(IDS)('id %j → %s in every consumer', (id, valid) => {
    expect(isHubSpotId(id)).toBe(valid);
    expect(IdParam.safeParse(id).success).toBe(valid);
    expect(actions['panel.load'].request.safeParse(record('app.hubspot.com', id)).success).toBe(valid);
    expect(actions['drafts.get'].request.safeParse({ key: { portalId: id, objectType: '0-1', recordId: id, kind: 'note' } }).success).toBe(valid);
    expect(parseHubSpotRecordUrl(`https://app.hubspot.com/contacts/${id}/record/0-1/${id}`) !== null).toBe(valid);
  });

  it.each(HOSTS)('host %j → %s in every consumer', (host, valid) => {
    expect(isHubSpotAppHost(host)).toBe(valid);
    expect(actions['panel.load'].request.safeParse(record(host, '1')).success).toBe(valid);
    // The URL parser lower-cases the host first (URL does), so only its verdict on the lower-case form is compared.
    if (host === host.toLowerCase()) expect(parseHubSpotRecordUrl(`https://${host}/contacts/1/record/0-1/2`) !== null).toBe(valid);
  });

  it('no other copy of the id or host pattern in lib/, components/, entrypoints/ or wxt.config.ts', () => {
    const root = join(__dirname, '../..');
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : [],
      );
    const files = [...walk('lib'), ...walk('components'), ...walk('entrypoints'), 'wxt.config.ts'].filter((f) => f !== 'lib/contract/hubspot-ids.ts');
    const copies = files.filter((f) => /\[1-9\]\\\\?d\{0,|hubspot\\\\?\.com\$/.test(readFileSync(join(root, f), 'utf8')));
    expect(copies).toEqual([]);
    expect(HUBSPOT_ID.source).toContain('[1-9]');
  });
});
