import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SignInForm } from '../../components/options/account/SignInForm';
import type { MessageEnvelope } from '../../lib/extension/messages';

describe('Sign-in form focus', () => {
  it('moves focus to the error after a failed sign-in, and again after a second failure', async () => {
    const send = vi.fn(async (m: unknown) => {
      expect((m as MessageEnvelope).action).toBe('session.signIn');
      return { ok: false, error: { code: 'invalid_credentials', message: 'Wrong email or password.' } };
    });
    const onSignedIn = vi.fn();
    render(<SignInForm send={send} onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Work email'), 'oscar.owned@acme.example');
    await userEvent.type(screen.getByLabelText('Password'), 'not the password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong email or password.');
    expect(alert).toHaveFocus();

    // Back to the form to correct it; the same failure takes focus to the error again.
    await userEvent.click(screen.getByLabelText('Password'));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveFocus();
    expect(send).toHaveBeenCalledTimes(2);
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
