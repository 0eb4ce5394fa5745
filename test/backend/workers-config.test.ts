import { expect, it } from 'vitest';
import { parseConfig } from '../../backend/config';

const HUBSPOT = { HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 'secret', HUBSPOT_REDIRECT_URI: 'https://p.example/install/callback' };

it('WORKERS: one process by default; more only over PostgreSQL and with HubSpot credentials, refused with the reason otherwise', () => {
  expect(parseConfig({}).WORKERS).toBe(1);
  expect(() => parseConfig({ WORKERS: '2', ...HUBSPOT })).toThrow(/WORKERS: more than 1 needs PostgreSQL \(DATABASE_URL\); with SQLite the backend serves from one process/);
  expect(() => parseConfig({ WORKERS: '2', DATABASE_URL: 'postgres://u@h/db' })).toThrow(/WORKERS: more than 1 needs HubSpot app credentials/);
  expect(parseConfig({ WORKERS: '4', DATABASE_URL: 'postgres://u@h/db', ...HUBSPOT }).WORKERS).toBe(4);
  expect(() => parseConfig({ WORKERS: '0' })).toThrow(/WORKERS/);
});
