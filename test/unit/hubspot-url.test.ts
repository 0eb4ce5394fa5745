import { describe, expect, it } from 'vitest';
import { parseHubSpotRecordUrl, sameRecord } from '../../lib/extension/hubspot-url';

describe('parseHubSpotRecordUrl', () => {
  const accepted: Array<[string, string, string, string]> = [
    ['https://app.hubspot.com/contacts/1001/record/0-1/51', 'app.hubspot.com', '1001', '51'],
    ['https://app.hubspot.com/contacts/1001/record/0-1/51/', 'app.hubspot.com', '1001', '51'],
    ['https://app.hubspot.com/contacts/1001/record/0-1/51?tab=activity#x', 'app.hubspot.com', '1001', '51'],
    ['https://app.hubspot.com/contacts/1001/record/0-1/51/view/1', 'app.hubspot.com', '1001', '51'],
    ['https://app.hubspot.com/contacts/1001/contact/51', 'app.hubspot.com', '1001', '51'],
    ['https://app-eu1.hubspot.com/contacts/26000001/record/0-1/9876543210', 'app-eu1.hubspot.com', '26000001', '9876543210'],
    ['https://app-na2.hubspot.com/contacts/7/record/0-1/1', 'app-na2.hubspot.com', '7', '1'],
    ['https://app-ap1.hubspot.com/contacts/7/contact/2', 'app-ap1.hubspot.com', '7', '2'],
    ['https://APP.HUBSPOT.COM/contacts/1001/record/0-1/51', 'app.hubspot.com', '1001', '51'],
  ];
  it.each(accepted)('accepts %s', (url, host, portalId, recordId) => {
    expect(parseHubSpotRecordUrl(url)).toEqual({ host, portalId, objectTypeId: '0-1', recordId });
  });

  const rejected = [
    'http://app.hubspot.com/contacts/1001/record/0-1/51', // not https
    'https://app.hubspot.com:8443/contacts/1001/record/0-1/51', // odd port
    'https://user:pw@app.hubspot.com/contacts/1001/record/0-1/51',
    'https://www.hubspot.com/contacts/1001/record/0-1/51', // marketing site
    'https://app.hubspot.com.evil.com/contacts/1001/record/0-1/51',
    'https://evil.com/app.hubspot.com/contacts/1001/record/0-1/51',
    'https://app-evil.hubspot.com/contacts/1001/record/0-1/51',
    'https://app.hubspot.com/contacts/1001/record/0-2/51', // companies
    'https://app.hubspot.com/contacts/1001/record/0-3/51', // deals
    'https://app.hubspot.com/contacts/1001/objects/0-1/views/all/list', // list view
    'https://app.hubspot.com/contacts/1001/company/51',
    'https://app.hubspot.com/contacts/1001/record/0-1/', // no id
    'https://app.hubspot.com/contacts/1001/record/0-1/abc',
    'https://app.hubspot.com/contacts/1001/record/0-1/-5',
    'https://app.hubspot.com/contacts/1001/record/0-1/0',
    'https://app.hubspot.com/contacts/1001/record/0-1/051',
    'https://app.hubspot.com/contacts/1001/record/0-1/1234567890123456789012345678901234567890',
    'https://app.hubspot.com/contacts/x/record/0-1/51',
    'https://app.hubspot.com/contacts/1001/record/0-1/51/extra',
    'https://app.hubspot.com/contacts/1001/record/0-1/..%2F51',
    'https://app.hubspot.com/sales/1001/record/0-1/51',
    'https://app.hubspot.com/',
    'not a url',
    '',
    'javascript:alert(1)',
  ];
  it.each(rejected)('rejects %s', (url) => {
    expect(parseHubSpotRecordUrl(url)).toBeNull();
  });

  it('compares records by host, portal and id', () => {
    const a = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/record/0-1/2');
    const b = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/contact/2');
    const c = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/contact/3');
    expect(sameRecord(a, b)).toBe(true);
    expect(sameRecord(a, c)).toBe(false);
    expect(sameRecord(null, null)).toBe(true);
    expect(sameRecord(a, null)).toBe(false);
  });
});
