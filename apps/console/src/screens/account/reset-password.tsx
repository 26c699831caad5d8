import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../session';
import { postAuth } from './ui';
import './messages';

const MIN_LENGTH = 12;

/** The token of a set-up or reset link: `/console/reset-password#token=…` (a fragment never reaches a server log). */
function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token?.trim() ? token.trim() : null;
}

type Problem = 'tooShort' | 'mismatch' | null;

/** Choosing a password with a set-up or reset token, then on to sign-in. */
export function ResetPasswordScreen() {
  const { t } = useTranslation('account');
  const location = useLocation();
  const { session, signOut } = useSession();
  const token = useMemo(() => tokenOf(location.hash), [location.hash]);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [show, setShow] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  const [tokenInvalid, setTokenInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);
  const confirmationField = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if ([...password].length < MIN_LENGTH) {
      setProblem('tooShort');
      passwordField.current?.focus();
      return;
    }
    if (password !== confirmation) {
      setProblem('mismatch');
      confirmationField.current?.focus();
      return;
    }
    setProblem(null);
    setBusy(true);
    const answer = await postAuth('/auth/password-reset/confirm', { token, newPassword: password }).finally(() =>
      setBusy(false),
    );
    if (!answer.error) {
      setDone(true);
      setPassword('');
      setConfirmation('');
    } else if (answer.error.reason === 'TOKEN_INVALID') setTokenInvalid(true);
    else if (answer.error.reason === 'PASSWORD_TOO_SHORT') setProblem('tooShort');
    else setError(t('reset.error', { code: answer.error.code }));
  }

  let body;
  if (done) {
    body = (
      <div role="status" className="panel">
        <p>{t('reset.done')}</p>
        <p>
          {session ? (
            <button type="button" onClick={() => void signOut()}>
              {t('reset.signOutAndSignIn')}
            </button>
          ) : (
            <Link className="button" to="/sign-in">
              {t('reset.signIn')}
            </Link>
          )}
        </p>
      </div>
    );
  } else if (!token || tokenInvalid) {
    body = (
      <div role="alert" className="error panel">
        <p>{t(token ? 'reset.tokenInvalid' : 'reset.noToken')}</p>
        <p>
          <Link to="/forgot-password">{t('reset.requestNew')}</Link>
        </p>
      </div>
    );
  } else {
    body = (
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p>{t('reset.intro')}</p>
        <label htmlFor="reset-password">{t('reset.password')}</label>
        <input
          ref={passwordField}
          id="reset-password"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          required
          minLength={MIN_LENGTH}
          value={password}
          aria-invalid={problem === 'tooShort' || undefined}
          aria-describedby={problem === 'tooShort' ? 'reset-password-help reset-too-short' : 'reset-password-help'}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id="reset-password-help" className="help">
          {t('reset.passwordHelp')}
        </p>
        {problem === 'tooShort' && (
          <p id="reset-too-short" role="alert" className="error">
            {t('reset.tooShort')}
          </p>
        )}
        <label htmlFor="reset-confirmation">{t('reset.confirm')}</label>
        <input
          ref={confirmationField}
          id="reset-confirmation"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          required
          value={confirmation}
          aria-invalid={problem === 'mismatch' || undefined}
          aria-describedby={problem === 'mismatch' ? 'reset-mismatch' : undefined}
          onChange={(event) => setConfirmation(event.target.value)}
        />
        {problem === 'mismatch' && (
          <p id="reset-mismatch" role="alert" className="error">
            {t('reset.mismatch')}
          </p>
        )}
        <div className="console-check account-show">
          <input id="reset-show" type="checkbox" checked={show} onChange={(event) => setShow(event.target.checked)} />
          <label htmlFor="reset-show">{t('reset.show')}</label>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('reset.submit')}
        </button>
      </form>
    );
  }

  return (
    <main id="main" className="sign-in account-public">
      <h1>{t('reset.title')}</h1>
      {body}
      {!session && !done && (
        <p>
          <Link to="/sign-in">{t('backToSignIn')}</Link>
        </p>
      )}
    </main>
  );
}
