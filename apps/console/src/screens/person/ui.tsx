import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import { errorCode } from '../../graphql/client';
import { useSession } from '../../session';
import './messages';

/** The `extensions` of the first GraphQL error, for reasons such as CATEGORY_NOT_DISCLOSED. */
export function errorExtensions(error: CombinedError | undefined): Record<string, unknown> {
  return error?.graphQLErrors?.[0]?.extensions ?? {};
}

/** The error code to show: the API's `extensions.code`, or NETWORK when the request did not get an answer. */
export function codeOf(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  return errorCode(error) ?? 'NETWORK';
}

/** Ends the session in the console when the API answers UNAUTHENTICATED. */
export function useUnauthenticated(...errors: (CombinedError | undefined)[]): void {
  const { expired } = useSession();
  const unauthenticated = errors.some((error) => errorCode(error) === 'UNAUTHENTICATED');
  useEffect(() => {
    if (unauthenticated) expired();
  }, [unauthenticated, expired]);
}

/** An API error, announced (role="alert") with its code. CONFLICT gets its own words. */
export function ErrorAlert({ error, children }: { error: CombinedError | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  useUnauthenticated(error);
  if (!error) return null;
  const code = codeOf(error)!;
  return (
    <p role="alert" className="error">
      {children ?? (code === 'CONFLICT' ? t('error.conflict') : t('error.generic', { code }))}
    </p>
  );
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(language === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+09:00`) : new Date(value);
  return date.toLocaleDateString(language === 'en' ? 'en-GB' : 'ja-JP', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'medium',
  });
}

const SectorsQuery = graphql(`
  query ConsoleSectorLabels {
    sectors {
      code
      labelJa
      labelEn
    }
  }
`);

const NeedCategoriesQuery = graphql(`
  query ConsoleNeedLabels {
    needCategories {
      code
      labelJa
      labelEn
    }
  }
`);

/** Sector names from the API's list of the collaboration chart's sectors, in the current language. */
export function useSectorLabel(): (code: string | null | undefined) => string {
  const { i18n } = useTranslation();
  const [{ data }] = useQuery({ query: SectorsQuery });
  return (code) => {
    if (!code) return '—';
    const sector = data?.sectors.find((s) => s.code === code);
    return sector ? (i18n.language === 'en' ? sector.labelEn : sector.labelJa) : code;
  };
}

/** Need-category names from the API, in the current language. */
export function useNeedLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  const [{ data }] = useQuery({ query: NeedCategoriesQuery });
  return (code) => {
    const need = data?.needCategories.find((n) => n.code === code);
    return need ? (i18n.language === 'en' ? need.labelEn : need.labelJa) : code;
  };
}

/**
 * A modal confirmation (the native <dialog>: focus moves in, Escape closes, focus returns). With `reasonLabel`
 * it asks for a reason; `reasonRequired` keeps the confirm button from sending an empty one.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  reasonLabel?: string;
  reasonRequired?: boolean;
  busy?: boolean;
  danger?: boolean;
  error?: CombinedError;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('person');
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { open, onCancel } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason('');
      setMissing(false);
      dialog.showModal();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (props.reasonRequired && !reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    props.onConfirm(reason.trim());
  }

  const titleId = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="console-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{props.title}</h2>
        {props.body}
        {props.reasonLabel && (
          <>
            <label htmlFor={`${titleId}-reason`}>
              {props.reasonLabel}
              {props.reasonRequired ? ` ${t('ui.required')}` : ` ${t('ui.optional')}`}
            </label>
            <textarea
              id={`${titleId}-reason`}
              rows={3}
              value={reason}
              required={props.reasonRequired}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${titleId}-missing` : undefined}
              onChange={(event) => setReason(event.target.value)}
            />
            {missing && (
              <p id={`${titleId}-missing`} className="error" role="alert">
                {t('ui.reasonMissing')}
              </p>
            )}
          </>
        )}
        <ErrorAlert error={props.error} />
        <div className="console-actions">
          <button type="submit" className={props.danger ? 'danger' : undefined} disabled={props.busy}>
            {props.confirmLabel}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('ui.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
