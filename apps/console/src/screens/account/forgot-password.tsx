import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { postAuth } from './ui';
import './messages';

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account (the API answers 202
 * either way), so the page never tells which addresses are known.
 */
export function ForgotPasswordScreen() {
  const { t } = useTranslation('account');
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!email.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    const answer = await postAuth('/auth/password-reset', { email: email.trim() }).finally(() => setBusy(false));
    if (!answer.error) setSent(true);
    else if (answer.error.code === 'RATE_LIMITED') setError(t('forgot.rateLimited'));
    else setError(t('forgot.error', { code: answer.error.code }));
  }

  return (
    <main id="main" className="sign-in account-public">
      <h1>{t('forgot.title')}</h1>
      {sent ? (
        <div role="status" className="panel">
          <p>{t('forgot.sent')}</p>
          <p>{t('forgot.notReceived')}</p>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <p id="forgot-intro">{t('forgot.intro')}</p>
          <label htmlFor="forgot-email">{t('forgot.email')}</label>
          <input
            ref={field}
            id="forgot-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? 'forgot-intro forgot-missing' : 'forgot-intro'}
            onChange={(event) => setEmail(event.target.value)}
          />
          {missing && (
            <p id="forgot-missing" className="error" role="alert">
              {t('forgot.missing')}
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('backToSignIn')}</Link>
      </p>
    </main>
  );
}
