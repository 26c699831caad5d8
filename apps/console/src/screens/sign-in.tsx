import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { errorCode } from '../graphql/client';
import { SIGN_IN, useSession, type ConsoleSession } from '../session';

/** E-mail and password, then the TOTP code when the account has a second factor. */
export function SignIn() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [{ fetching }, signIn] = useMutation<{ signIn: ConsoleSession }>(SIGN_IN);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = await signIn({ input: { email, password, ...(needsTotp ? { totpCode } : {}) } });
    if (result.data?.signIn) {
      signedIn(result.data.signIn);
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/sign-in' ? from : '/', { replace: true });
      return;
    }
    const code = errorCode(result.error);
    const extensions = result.error?.graphQLErrors[0]?.extensions ?? {};
    if (code === 'ACCOUNT_LOCKED') setMessage(t('signIn.locked'));
    else if (code === 'UNAUTHENTICATED' && extensions.totpRequired) {
      setNeedsTotp(true);
      setMessage(t('signIn.totpRequired'));
    } else if (code === 'UNAUTHENTICATED') setMessage(t('signIn.failed'));
    else setMessage(t('signIn.error', { code: code ?? 'NETWORK' }));
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
    </main>
  );
}
