import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { RecordSummary } from '../../components/panel/RecordSummary';
import { formatAmount } from '../../components/panel/format-amount';
import type { RecordSummary as Summary } from '../../lib/contract/api/records';

type Deal = Extract<Summary, { object: 'deal' }>;
const deal: Deal = {
  object: 'deal',
  id: '22002',
  name: 'Ember Health renewal',
  pipeline: { id: 'default', label: 'Sales pipeline' },
  stage: { id: 'appointmentscheduled', label: 'Appointment scheduled' },
  amount: { value: '48000', currency: 'EUR' },
  closeDate: '2026-12-31T00:00:00.000Z',
  owner: { id: '7002', name: 'Evan Everything' },
  updatedAt: null,
};
const row = (label: string) => screen.getByTestId(`portside-summary-${label}`);

describe('RecordSummary', () => {
  it('shows a contact with the contact card', () => {
    render(<RecordSummary summary={{ object: 'contact', id: '101', firstName: 'Ada', lastName: 'Lovelace', email: null, phone: null, company: null, lifecycleStage: 'lead', owner: null, updatedAt: null }} />);
    expect(screen.getByRole('region', { name: 'Contact summary' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-contact-name')).toHaveTextContent('Ada Lovelace');
    expect(row('lifecycle-stage')).toHaveTextContent('Lead');
  });

  it('shows a company: domain, industry label, owner and its number of contacts', () => {
    render(
      <RecordSummary
        summary={{ object: 'company', id: '21002', name: 'Ember Health', domain: 'emberhealth.example', industry: { id: 'HOSPITAL_HEALTH_CARE', label: 'Hospital & Health Care' }, owner: { id: '7002', name: null }, associatedContacts: 3, updatedAt: null }}
      />,
    );
    expect(screen.getByRole('region', { name: 'Company summary' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-record-name')).toHaveTextContent('Ember Health');
    expect(row('domain')).toHaveTextContent('emberhealth.example');
    expect(row('industry')).toHaveTextContent('Hospital & Health Care');
    expect(row('owner')).toHaveTextContent('Owner 7002');
    expect(row('contacts')).toHaveTextContent('3');
  });

  it('shows a deal with pipeline and stage labels, its amount in its currency and the close date', () => {
    render(<RecordSummary summary={deal} />);
    expect(screen.getByRole('region', { name: 'Deal summary' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-record-name')).toHaveTextContent('Ember Health renewal');
    expect(row('pipeline')).toHaveTextContent('Sales pipeline');
    expect(row('stage')).toHaveTextContent('Appointment scheduled');
    expect(row('amount')).toHaveTextContent(/€\s?48,000\.00|48[.,\s]000,00\s?€/);
    expect(row('close-date')).toHaveTextContent(/2026/);
    expect(row('close-date')).toHaveTextContent(/31/);
    expect(row('owner')).toHaveTextContent('Evan Everything');
  });

  it("shows a stage's id, titled, when HubSpot's list has no label for it", () => {
    render(<RecordSummary summary={{ ...deal, stage: { id: '999001', label: null }, amount: null }} />);
    expect(row('stage')).toHaveTextContent('999001');
    expect(row('stage')).toHaveAttribute('title', expect.stringContaining('no label'));
    expect(row('amount')).toHaveTextContent('—');
  });

  it('shows a ticket: subject, stage, the portal\'s priority label, unassigned owner', () => {
    render(
      <RecordSummary
        summary={{ object: 'ticket', id: '23001', subject: 'Login fails', pipeline: { id: '0', label: 'Support pipeline' }, stage: { id: '1', label: 'New' }, priority: { id: 'URGENT', label: 'Urgent' }, owner: null, updatedAt: null }}
      />,
    );
    expect(screen.getByRole('region', { name: 'Ticket summary' })).toBeInTheDocument();
    expect(screen.getByTestId('portside-record-name')).toHaveTextContent('Login fails');
    expect(row('stage')).toHaveTextContent('New');
    expect(row('priority')).toHaveTextContent('Urgent');
    expect(row('owner')).toHaveTextContent('Unassigned');
  });

  it("shows the rep's unsent edit of a deal's amount over the view's", () => {
    render(<RecordSummary summary={deal} overlay={{ amount: { value: '50000', inHubSpot: false } }} />);
    expect(row('amount')).toHaveTextContent(/50,000/);
    expect(row('amount')).toHaveTextContent('saved, not yet in HubSpot');
  });
});

describe('formatAmount', () => {
  it.each([
    [{ value: '48000', currency: 'EUR' }, '€48,000.00'],
    [{ value: '1234.5', currency: 'GBP' }, '£1,234.50'],
    [{ value: '99.99', currency: 'USD' }, '$99.99'],
    [{ value: '48000', currency: 'JPY' }, '¥48,000'],
  ])('formats %j in its currency', (amount, text) => {
    expect(formatAmount(amount, 'en-US')).toEqual({ text });
  });

  it('shows a code Intl refuses after the plain number', () => {
    expect(formatAmount({ value: '48000', currency: 'EURO' }, 'en-US')).toEqual({ text: '48,000 EURO' });
  });

  it('without a currency: the number alone, titled "portal currency unknown"', () => {
    expect(formatAmount({ value: '48000.5', currency: null }, 'en-US')).toEqual({ text: '48,000.5', title: '(portal currency unknown)' });
  });

  it("shows HubSpot's text as it is when it is not a number", () => {
    expect(formatAmount({ value: 'n/a', currency: 'EUR' }, 'en-US')).toEqual({ text: 'n/a EUR' });
  });
});
