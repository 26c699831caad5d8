import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../session';
import './account/messages';

/** E-mail and password, then the TOTP code when the account has a second factor. */
export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setFetching(true);
    const error = await signIn({ email, password, ...(needsTotp ? { totpCode } : {}) }).finally(() =>
      setFetching(false),
    );
    if (!error) {
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
      return;
    }
    if (error.reason === 'ACCOUNT_LOCKED') setMessage(t('signIn.locked'));
    else if (error.reason === 'TOTP_REQUIRED' || error.reason === 'TOTP_INVALID') {
      setNeedsTotp(true);
      setMessage(t(error.reason === 'TOTP_REQUIRED' ? 'signIn.totpRequired' : 'signIn.totpInvalid'));
    } else if (error.code === 'UNAUTHENTICATED') setMessage(t('signIn.failed'));
    else if (error.code === 'RATE_LIMITED') setMessage(t('signIn.rateLimited'));
    else setMessage(t('signIn.error', { code: error.code }));
  }

  return (
    <main id="main" className="sign-in">
      <h1>
        {t('appName')} — {t('signIn.title')}
      </h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor="email">{t('signIn.email')}</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {needsTotp && (
          <>
            <label htmlFor="totp">{t('signIn.totp')}</label>
            <input
              id="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              aria-describedby="totp-help"
              value={totpCode}
              onChange={(event) => setTotpCode(event.target.value)}
            />
            <p id="totp-help" className="help">
              {t('signIn.totpHelp')}
            </p>
          </>
        )}
        {message && (
          <p role="alert" className="error">
            {message}
          </p>
        )}
        <button type="submit" disabled={fetching}>
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">{t('account:signIn.forgot')}</Link>
      </p>
    </main>
  );
}
