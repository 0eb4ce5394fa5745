import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('backend process start-up', () => {
  it('refuses to start with a bad environment and names every bad variable', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', LOG_LEVEL: 'shouty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('PORT');
    expect(res.stderr).toContain('LOG_LEVEL');
    expect(res.stdout).toBe('');
  });
});
