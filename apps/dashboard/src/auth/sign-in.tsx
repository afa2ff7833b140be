import { type FormEvent, useState } from 'react';

import { ApiError, api } from '../api/client';
import { Problem } from '../components/problem';
import { type Tokens, session } from './session';
import { useTitle } from '../lib/use-title';
import { useAction } from '../lib/use-action';

interface Enrolment {
  token: string;
  secret?: string;
  otpauth_uri?: string;
  qr_code?: string;
}

/**
 * Sign-in (SPEC §7): email and password, then the one-time code when the account has MFA; an
 * administrator or privacy officer without MFA enrols here (the QR code of the secret, a code from
 * it, then the recovery codes, shown once).
 */
export function SignIn() {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [askOtp, setAskOtp] = useState(false);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [recovery, setRecovery] = useState<{ codes: string[]; tokens: Tokens }>();
  const { run, busy, error } = useAction();

  const signIn = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      try {
        const tokens = await api<Tokens>('POST', '/api/v1/auth/login', {
          email,
          password,
          ...(otp ? { otp: otp.trim() } : {}),
        });
        session.update(tokens);
      } catch (problem) {
        if (problem instanceof ApiError && problem.code === 'AUTH.OTP_REQUIRED') {
          setAskOtp(true);
          return;
        }
        if (
          problem instanceof ApiError &&
          problem.code === 'AUTH.MFA_ENROLMENT_REQUIRED' &&
          typeof problem.details?.enrolment_token === 'string'
        ) {
          const token = problem.details.enrolment_token;
          const secret = await api<Omit<Enrolment, 'token'>>('POST', '/api/v1/auth/mfa/enroll', undefined, {
            token,
          });
          setEnrolment({ token, ...secret });
          setOtp('');
          return;
        }
        throw problem;
      }
    });
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!enrolment) return;
    void run(async () => {
      const answer = await api<Tokens & { recovery_codes: string[] }>(
        'POST',
        '/api/v1/auth/mfa/confirm',
        { otp: otp.trim() },
        { token: enrolment.token },
      );
      setRecovery({ codes: answer.recovery_codes, tokens: answer });
    });
  };

  if (recovery) {
    return (
      <main className="sign-in" id="main">
        <h1>MFA is on</h1>
        <p>
          Keep these recovery codes somewhere safe: each signs you in once if you lose your authenticator.
          They are shown only now.
        </p>
        <ul className="codes">
          {recovery.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => session.update(recovery.tokens)}>
          Continue to Orgo
        </button>
      </main>
    );
  }

  if (enrolment) {
    return (
      <main className="sign-in" id="main">
        <h1>Set up your second factor</h1>
        <p>
          Administrators and privacy officers sign in with a one-time code. Scan this with an authenticator
          app, or type the secret.
        </p>
        {enrolment.qr_code && (
          <img
            className="qr"
            src={enrolment.qr_code}
            alt="QR code of your one-time code secret"
            width={200}
            height={200}
          />
        )}
        <p>
          Secret: <code>{enrolment.secret}</code>
        </p>
        <form onSubmit={confirm}>
          <label htmlFor="enrol-otp">Code from the app</label>
          <input
            id="enrol-otp"
            name="otp"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={otp}
            onChange={(e) => setOtp(e.target.value)}
          />
          <Problem error={error} />
          <button type="submit" disabled={busy}>
            Turn on MFA
          </button>
        </form>
      </main>
    );
  }

  return (
    <main className="sign-in" id="main">
      <h1>Sign in to Orgo</h1>
      <form onSubmit={signIn}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {askOtp && (
          <>
            <label htmlFor="otp">One-time code (or a recovery code)</label>
            <input
              id="otp"
              name="otp"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={otp}
              onChange={(e) => setOtp(e.target.value)}
            />
          </>
        )}
        <Problem error={error} />
        <button type="submit" disabled={busy}>
          {askOtp ? 'Verify and sign in' : 'Sign in'}
        </button>
      </form>
      <p className="hint">
        Reporting something? Use your organization&apos;s report form at{' '}
        <code>/report/&lt;organization&gt;/&lt;role&gt;</code>, no account needed.
      </p>
    </main>
  );
}
