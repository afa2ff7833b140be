import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { session } from './session';
import { SignIn } from './sign-in';

type Answer = { status: number; body: unknown };

/** The API as the sign-in sees it: each call answered in turn, and every request kept. */
function serve(...answers: Answer[]) {
  const requests: { url: string; body: unknown; authorization: string | null }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      requests.push({
        url,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        authorization: headers.get('authorization'),
      });
      const answer = answers.shift() ?? { status: 500, body: { message: 'unexpected call' } };
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  return requests;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  session.clear();
});

describe('signing in', () => {
  it('asks for the one-time code when the account has MFA, then keeps the tokens', async () => {
    const requests = serve(
      {
        status: 401,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'This account signs in with a one-time code',
          details: { code: 'AUTH.OTP_REQUIRED' },
        },
      },
      { status: 200, body: { access_token: 'a1', refresh_token: 'r1', expires_in: 900 } },
    );
    render(<SignIn />);
    await userEvent.type(screen.getByLabelText('Email'), 'admin@orgo.test');
    await userEvent.type(screen.getByLabelText('Password'), 'Correct-Horse-9-Battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.type(await screen.findByLabelText('One-time code (or a recovery code)'), ' 123456 ');
    await userEvent.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(requests.map((r) => r.body)).toEqual([
      { email: 'admin@orgo.test', password: 'Correct-Horse-9-Battery' },
      { email: 'admin@orgo.test', password: 'Correct-Horse-9-Battery', otp: '123456' },
    ]);
    expect(session.current()).toMatchObject({ access_token: 'a1', refresh_token: 'r1' });
  });

  it('shows the API’s own words when the sign-in is refused', async () => {
    serve({
      status: 423,
      body: {
        statusCode: 423,
        error: 'Locked',
        message: 'Too many failed sign-ins for this account: wait 60 s',
        details: { code: 'AUTH.LOCKED' },
      },
    });
    render(<SignIn />);
    await userEvent.type(screen.getByLabelText('Email'), 'ana@orgo.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password-here');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Too many failed sign-ins for this account: wait 60 s',
    );
    expect(session.current()).toBeNull();
  });

  it('enrols an administrator without MFA: the secret with the enrolment token, a code, then the recovery codes once', async () => {
    const requests = serve(
      {
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: 'Administrators must enrol MFA',
          details: { code: 'AUTH.MFA_ENROLMENT_REQUIRED', enrolment_token: 'enrol-1' },
        },
      },
      {
        status: 201,
        body: {
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauth_uri: 'otpauth://totp/Orgo:x',
          qr_code: 'data:image/png;base64,iVBORw0KGgo=',
        },
      },
      {
        status: 200,
        body: { recovery_codes: ['aaaa-bbbb', 'cccc-dddd'], access_token: 'a2', refresh_token: 'r2' },
      },
    );
    render(<SignIn />);
    await userEvent.type(screen.getByLabelText('Email'), 'new.admin@orgo.test');
    await userEvent.type(screen.getByLabelText('Password'), 'Correct-Horse-9-Battery');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBeTruthy();
    expect(screen.getByAltText('QR code of your one-time code secret').getAttribute('src')).toMatch(
      /^data:image\/png/,
    );
    await userEvent.type(screen.getByLabelText('Code from the app'), '654321');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on MFA' }));
    expect(await screen.findByText('aaaa-bbbb')).toBeTruthy();
    // Not signed in until the codes were seen.
    expect(session.current()).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Continue to Orgo' }));
    expect(session.current()).toMatchObject({ access_token: 'a2' });
    expect(requests.slice(1).map((r) => [r.url, r.authorization])).toEqual([
      ['/api/v1/auth/mfa/enroll', 'Bearer enrol-1'],
      ['/api/v1/auth/mfa/confirm', 'Bearer enrol-1'],
    ]);
  });
});
