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

  // Companies, deals and tickets: both URL styles, every app host, with and without a sub-tab.
  const objects: Array<[string, string, string]> = [
    ['0-2', 'company', '21002'],
    ['0-3', 'deal', '22002'],
    ['0-5', 'ticket', '23001'],
  ];
  const hosts = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'];
  const objectUrls = objects.flatMap(([type, legacy, id]) =>
    hosts.flatMap((host) => [
      [`https://${host}/contacts/1001/record/${type}/${id}`, host, type, id],
      [`https://${host}/contacts/1001/record/${type}/${id}/`, host, type, id],
      [`https://${host}/contacts/1001/record/${type}/${id}/view/1`, host, type, id],
      [`https://${host}/contacts/1001/record/${type}/${id}?tab=about`, host, type, id],
      [`https://${host}/contacts/1001/${legacy}/${id}`, host, type, id],
      [`https://${host}/contacts/1001/${legacy}/${id}/`, host, type, id],
    ]),
  );
  it.each(objectUrls)('accepts %s', (url, host, objectTypeId, recordId) => {
    expect(parseHubSpotRecordUrl(url)).toEqual({ host, portalId: '1001', objectTypeId, recordId });
  });

  const rejected = [
    'http://app.hubspot.com/contacts/1001/record/0-1/51', // not https
    'https://app.hubspot.com:8443/contacts/1001/record/0-1/51', // odd port
    'https://user:pw@app.hubspot.com/contacts/1001/record/0-1/51',
    'https://www.hubspot.com/contacts/1001/record/0-1/51', // marketing site
    'https://app.hubspot.com.evil.com/contacts/1001/record/0-1/51',
    'https://evil.com/app.hubspot.com/contacts/1001/record/0-1/51',
    'https://app-evil.hubspot.com/contacts/1001/record/0-1/51',
    'https://app.hubspot.com/contacts/1001/record/0-4/51', // no such object in the panel
    'https://app.hubspot.com/contacts/1001/record/0-7/51', // products
    'https://app.hubspot.com/contacts/1001/record/2-123/51', // custom object
    'https://app.hubspot.com/contacts/1001/record/0-10/51',
    'https://app.hubspot.com/contacts/1001/record/0-3/abc',
    'https://app.hubspot.com/contacts/1001/record/0-3/22002/extra',
    'http://app.hubspot.com/contacts/1001/record/0-3/22002',
    'https://app.hubspot.com:444/contacts/1001/record/0-2/21002',
    'https://app.hubspot.com/contacts/1001/objects/0-1/views/all/list', // list view
    'https://app.hubspot.com/contacts/1001/objects/0-3/views/all/list',
    'https://app.hubspot.com/contacts/1001/objects/0-5/views/all/board',
    'https://app.hubspot.com/contacts/1001/deals/board/view/all/',
    'https://app.hubspot.com/contacts/1001/deals/list/view/all/',
    'https://app.hubspot.com/contacts/1001/tickets/board',
    'https://app.hubspot.com/contacts/1001/companies',
    'https://app.hubspot.com/contacts/1001/deals',
    'https://app.hubspot.com/reports-dashboard/1001/view/123',
    'https://app.hubspot.com/contacts/1001/company/abc',
    'https://app.hubspot.com/contacts/1001/deal/',
    'https://app.hubspot.com/contacts/1001/deal/0',
    'https://app.hubspot.com/contacts/1001/companies/51',
    'https://app.hubspot.com/contacts/1001/product/51',
    'https://app.hubspot.com/contacts/1001/Deal/51',
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

  it('tells a contact from a deal with the same id, and matches a deal in both URL styles', () => {
    const contact = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/record/0-1/123');
    const deal = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/record/0-3/123');
    const legacyDeal = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/deal/123');
    const ticket = parseHubSpotRecordUrl('https://app.hubspot.com/contacts/1/ticket/123');
    expect(sameRecord(contact, deal)).toBe(false);
    expect(sameRecord(deal, ticket)).toBe(false);
    expect(sameRecord(deal, legacyDeal)).toBe(true);
  });
});
