import QRCode from 'qrcode';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { errorExtensions, useErrorCheck } from '../../components/operation-error';
import { useStaff } from '../../session';
import { formatDateTime } from '../person/ui';
import './messages';

const BeginTotpMutation = graphql(`
  mutation AccountBeginTotpEnrollment {
    beginTotpEnrollment {
      secret
      otpauthUri
    }
  }
`);

const ConfirmTotpMutation = graphql(`
  mutation AccountConfirmTotpEnrollment($input: TotpCodeInput!) {
    confirmTotpEnrollment(input: $input) {
      id
      totpEnabled
    }
  }
`);

/** Who is signed in (name, e-mail, role, agency) and the TOTP second factor. */
export function AccountScreen() {
  const { t, i18n } = useTranslation('account');
  const { staff, expiresAt } = useStaff();
  return (
    <div className="account-screen">
      <h1>{t('me.title')}</h1>
      <section className="panel" aria-labelledby="account-who">
        <h2 id="account-who">{t('me.who')}</h2>
        <dl className="facts">
          <dt>{t('me.name')}</dt>
          <dd>{staff.displayName}</dd>
          <dt>{t('me.email')}</dt>
          <dd>{staff.email}</dd>
          <dt>{t('me.role')}</dt>
          <dd>{t(`common:role.${staff.role}`)}</dd>
          <dt>{t('me.agency')}</dt>
          <dd>{staff.agency?.name ?? t('me.noAgency')}</dd>
          <dt>{t('me.sessionUntil')}</dt>
          <dd>{formatDateTime(expiresAt, i18n.language)}</dd>
        </dl>
        <p className="help">{t('me.signOutHelp')}</p>
      </section>
      <TotpSection initiallyEnabled={staff.totpEnabled} />
    </div>
  );
}

function TotpSection({ initiallyEnabled }: { initiallyEnabled: boolean }) {
  const { t } = useTranslation('account');
  const check = useErrorCheck();
  const [enabled, setEnabled] = useState(initiallyEnabled);
  const [enrollment, setEnrollment] = useState<{ secret: string; uri: string; qr: string | null } | null>(null);
  const [code, setCode] = useState('');
  const [codeProblem, setCodeProblem] = useState<'format' | 'invalid' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [beginState, begin] = useMutation(BeginTotpMutation);
  const [confirmState, confirm] = useMutation(ConfirmTotpMutation);
  const codeField = useRef<HTMLInputElement>(null);
  const stepHeading = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (enrollment) stepHeading.current?.focus();
  }, [enrollment]);

  async function start() {
    setError(null);
    setDone(false);
    const answer = await begin({});
    const started = answer.data?.beginTotpEnrollment;
    if (!started) {
      setError(t('totp.error', { code: check(answer.error) ?? 'UNKNOWN' }));
      return;
    }
    // Starting again turns off the old setting until the new code is confirmed.
    setEnabled(false);
    const qr = await QRCode.toDataURL(started.otpauthUri, { margin: 2, width: 220 }).catch(() => null);
    setCode('');
    setCodeProblem(null);
    setEnrollment({ secret: started.secret, uri: started.otpauthUri, qr });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code.trim())) {
      setCodeProblem('format');
      codeField.current?.focus();
      return;
    }
    setCodeProblem(null);
    const answer = await confirm({ input: { code: code.trim() } });
    if (answer.data?.confirmTotpEnrollment.totpEnabled) {
      setEnabled(true);
      setEnrollment(null);
      setDone(true);
      return;
    }
    if (errorExtensions(answer.error).reason === 'TOTP_INVALID') {
      setCodeProblem('invalid');
      codeField.current?.focus();
    } else setError(t('totp.error', { code: check(answer.error) ?? 'UNKNOWN' }));
  }

  return (
    <section className="panel" aria-labelledby="account-totp">
      <h2 id="account-totp">{t('totp.title')}</h2>
      <p>{t('totp.intro')}</p>
      <p role="status" className={enabled ? 'account-state on' : 'account-state'}>
        {done ? t('totp.done') : enabled ? t('totp.enabled') : enrollment ? '' : t('totp.disabled')}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!enrollment && (
        <div className="console-actions">
          <button
            type="button"
            className={enabled ? 'secondary' : undefined}
            disabled={beginState.fetching}
            aria-describedby={enabled ? 'account-totp-again' : undefined}
            onClick={() => void start()}
          >
            {enabled ? t('totp.again') : t('totp.begin')}
          </button>
          {enabled && (
            <p id="account-totp-again" className="help">
              {t('totp.againHelp')}
            </p>
          )}
        </div>
      )}
      {enrollment && (
        <div className="account-totp-enroll">
          <p ref={stepHeading} tabIndex={-1}>
            {t('totp.step1')}
          </p>
          {enrollment.qr && (
            <img className="account-qr" src={enrollment.qr} alt={t('totp.qrAlt')} width={220} height={220} />
          )}
          <p>
            {t('totp.manual')}{' '}
            <code className="account-totp-secret" lang="en">
              {enrollment.secret.replace(/(.{4})/g, '$1 ').trim()}
            </code>
          </p>
          <form onSubmit={(event) => void submit(event)} noValidate>
            <p>{t('totp.step2')}</p>
            <label htmlFor="account-totp-code">{t('totp.code')}</label>
            <input
              ref={codeField}
              id="account-totp-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              aria-invalid={codeProblem !== null || undefined}
              aria-describedby={codeProblem ? 'account-totp-problem' : undefined}
              onChange={(event) => setCode(event.target.value)}
            />
            {codeProblem && (
              <p id="account-totp-problem" role="alert" className="error">
                {t(codeProblem === 'format' ? 'totp.codeFormat' : 'totp.invalid')}
              </p>
            )}
            <div className="console-actions">
              <button type="submit" disabled={confirmState.fetching}>
                {t('totp.confirm')}
              </button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}
