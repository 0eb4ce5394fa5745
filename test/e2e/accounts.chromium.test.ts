import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, CHROMIUM, type ChromiumSession } from './harness/chromium';
import { playwrightDriver } from './harness/drivers';
import { readPanel, until } from './harness/driver';
import { requireBinary } from './harness/require';
import { startStack, type Stack } from './harness/stack';
import { readMailedCode } from '../helpers/mailbox';
import { setBackendUrlInOptions } from './scenarios/skeleton';

/** Issue 4's journey: an admin starts a workspace, invites a rep, the rep joins and signs in. */
describe.runIf(requireBinary(CHROMIUM, 'Chromium'))('accounts in Chromium', () => {
  let stack: Stack;
  let browser: ChromiumSession;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium(stack.webPort);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('admin creates a workspace and invites a member, who joins and sees themselves in the panel', async () => {
    const options = await browser.optionsPage();
    await setBackendUrlInOptions(playwrightDriver(options), stack.backendUrl);

    // The admin starts the workspace.
    await options.getByTestId('auth-mode-create').click();
    await options.getByLabel('Team or company name').fill('Acme Sales');
    await options.getByLabel('Your name').fill('Alice Admin');
    await options.getByLabel('Work email (the one you use in HubSpot)').fill('alice.admin@acme.example');
    await options.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await options.getByRole('button', { name: 'Email me a code' }).click();
    // The code reaches the inbox: here the development console transport's file under DATA_DIR/mail/.
    await expect.poll(() => options.getByTestId('create-workspace-code-sent').textContent()).toContain('alice.admin@acme.example');
    await options.getByLabel('Code from the email').fill(await readMailedCode(stack.dataDir, 'alice.admin@acme.example'));
    await options.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => options.getByTestId('whoami').textContent()).toContain('Admin of Acme Sales');
    await expect.poll(() => options.getByTestId('email-verified').count()).toBe(1);

    // …invites a rep and copies the one-time code.
    const members = options.getByTestId('members-card');
    await members.getByLabel('Email').fill('oscar.owned@acme.example');
    await members.getByRole('button', { name: 'Invite' }).click();
    const code = (await options.getByTestId('invite-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => members.getByTestId('member-row').count()).toBe(2);
    await options.getByTestId('sign-out').click();

    // The rep joins with the code and picks a password.
    await options.getByTestId('auth-mode-invite').click();
    await options.getByLabel('Invite code').fill(code);
    await expect.poll(() => options.getByTestId('invite-info').textContent()).toContain('oscar.owned@acme.example');
    await options.getByLabel('Your name').fill('Oscar Owned');
    await options.getByLabel('Choose a password').fill('another long passphrase');
    await options.getByRole('button', { name: 'Join workspace' }).click();
    await expect.poll(() => options.getByTestId('whoami').textContent()).toContain('Member of Acme Sales');
    // Members do not see the admin screens.
    expect(await options.getByTestId('members-card').count()).toBe(0);

    // The code was single use, and signing in again works.
    await options.getByTestId('sign-out').click();
    await options.getByLabel('Work email').fill('OSCAR.owned@acme.example');
    await options.getByLabel('Password').fill('another long passphrase');
    await options.getByTestId('sign-in-form').getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => options.getByTestId('whoami').textContent()).toContain('Oscar Owned');

    // On a HubSpot contact page, the panel says who is signed in.
    const page = await browser.context.newPage();
    const d = playwrightDriver(page);
    await d.goto('https://app.hubspot.com/contacts/1001/record/0-1/101');
    const view = await until('signed-in panel', () => readPanel(d), (v) => (v.texts['portside-viewer'] ?? '').includes('oscar.owned@acme.example'));
    expect(view.texts['portside-viewer']).toContain('Oscar Owned');
    await page.close();
    await options.close();
  });

  it('a wrong password gets one clear answer and no session', async () => {
    const options = await browser.optionsPage();
    await options.getByTestId('sign-out').click().catch(() => {});
    await options.getByLabel('Work email').fill('alice.admin@acme.example');
    await options.getByLabel('Password').fill('not the password');
    await options.getByTestId('sign-in-form').getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toMatch(/email or password/i);
    expect(await options.getByTestId('whoami').count()).toBe(0);
    await options.close();
  });
});
