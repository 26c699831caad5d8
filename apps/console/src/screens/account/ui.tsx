import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './messages';

/** An error of the `/auth/…` endpoints, in the GraphQL error shape. */
export interface AuthError {
  code: string;
  reason?: string;
}

/** POSTs JSON to an unauthenticated `/auth/…` endpoint; answers the HTTP status and the first error, if any. */
export async function postAuth(path: string, body: unknown): Promise<{ status: number; error?: AuthError }> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { errors?: { extensions?: AuthError }[] };
    const error = json.errors?.[0]?.extensions;
    if (response.ok) return { status: response.status };
    return { status: response.status, error: error?.code ? error : { code: `HTTP_${response.status}` } };
  } catch {
    return { status: 0, error: { code: 'NETWORK' } };
  }
}

/**
 * A secret shown once (a set-up link, an API key): read-only text with a copy button and a warning that it will
 * not be shown again. The text is selected on focus so that it can be copied by hand as well.
 */
export function OneTimeSecret({
  label,
  value,
  help,
  warning,
}: {
  label: string;
  value: string;
  help: string;
  warning: string;
}) {
  const { t } = useTranslation('account');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('failed');
    }
  }

  return (
    <div className="account-secret">
      <p className="account-secret-warning" id={`${id}-warning`}>
        <strong>{warning}</strong>
      </p>
      <label htmlFor={`${id}-value`}>{label}</label>
      <div className="account-secret-row">
        <input
          ref={input}
          id={`${id}-value`}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          aria-describedby={`${id}-help ${id}-warning`}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {t('copy')}
        </button>
      </div>
      <p className="help" id={`${id}-help`}>
        {help}
      </p>
      <p role="status" className="account-copied">
        {copied === 'yes' ? t('copied') : copied === 'failed' ? t('copyFailed') : ''}
      </p>
    </div>
  );
}

/** Whether the role manages staff accounts and API keys (the API answers ACCOUNT_ADMIN_ONLY to the others). */
export function managesAccounts(role: string): boolean {
  return role === 'AGENCY_ADMIN' || role === 'HUB_ADMIN';
}
