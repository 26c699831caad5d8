import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AccountApiKeysQuery } from '../../gql/graphql';
import { shownCode, useErrorCheck } from '../../components/operation-error';
import { useStaff } from '../../session';
import { ConfirmDialog, ErrorAlert, formatDate, formatDateTime } from '../person/ui';
import { managesAccounts, OneTimeSecret } from './ui';
import './messages';

const PAGE_SIZE = 50;
// Scope names hold a colon, which i18next would read as a namespace: messages name them with a dot (`scope.referrals.read`).

const ViewerQuery = graphql(`
  query AccountViewer {
    viewer {
      isHubAdmin
      scopes
    }
  }
`);

const ApiKeysQuery = graphql(`
  query AccountApiKeys($first: Int, $after: String) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          prefix
          label
          scopes
          createdAt
          lastUsedAt
          expiresAt
          revokedAt
          isHubAdmin
        }
      }
    }
  }
`);

const IssueApiKeyMutation = graphql(`
  mutation AccountIssueApiKey($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      secret
      apiKey {
        id
        prefix
      }
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation AccountRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

type Key = AccountApiKeysQuery['apiKeys']['edges'][number]['node'];

/** The agency's API keys: the list, issuing one (its secret shown once), revoking. */
export function ApiKeysScreen() {
  const { t } = useTranslation('account');
  const { staff } = useStaff();
  if (!managesAccounts(staff.role)) {
    return (
      <div>
        <h1>{t('keys.title')}</h1>
        <p role="alert" className="error">
          {t('adminOnly')}
        </p>
      </div>
    );
  }
  return <ApiKeyManagement />;
}

function ApiKeyManagement() {
  const { t, i18n } = useTranslation('account');
  const [after, setAfter] = useState<(string | null)[]>([null]);
  const [revoking, setRevoking] = useState<Key | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revokeState, revoke] = useMutation(RevokeApiKeyMutation);
  const check = useErrorCheck();
  const [refresh, setRefresh] = useState(0);

  async function confirmRevocation() {
    if (!revoking) return;
    const answer = await revoke({ id: revoking.id });
    if (check(answer.error)) return;
    setNotice(t('keys.revoked.done', { prefix: revoking.prefix }));
    setRevoking(null);
    setRefresh((value) => value + 1);
  }

  return (
    <div className="account-screen">
      <h1>{t('keys.title')}</h1>
      <p>{t('keys.intro')}</p>
      <IssueApiKey onIssued={() => setRefresh((value) => value + 1)} />
      <section aria-labelledby="keys-list-title">
        <h2 id="keys-list-title">{t('keys.listTitle')}</h2>
        <p role="status">{notice ?? ''}</p>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="keys-list-title">
          <table className="account-table">
            <caption>{t('keys.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keys.col.prefix')}</th>
                <th scope="col">{t('keys.col.label')}</th>
                <th scope="col">{t('keys.col.scopes')}</th>
                <th scope="col">{t('keys.col.created')}</th>
                <th scope="col">{t('keys.col.lastUsed')}</th>
                <th scope="col">{t('keys.col.expires')}</th>
                <th scope="col">{t('keys.col.status')}</th>
                <th scope="col">{t('keys.col.actions')}</th>
              </tr>
            </thead>
            {after.map((cursor, index) => (
              <KeyPage
                key={`${cursor ?? 'first'}-${refresh}`}
                after={cursor}
                last={index === after.length - 1}
                onMore={(next) => setAfter([...after, next])}
                onRevoke={(key) => {
                  setNotice(null);
                  setRevoking(key);
                }}
              />
            ))}
          </table>
        </div>
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={t('keys.revokeTitle')}
        body={
          revoking && (
            <p>
              {t('keys.revokeBody', { prefix: revoking.prefix, label: revoking.label ?? t('none') })}
              {revoking.lastUsedAt &&
                ` (${t('keys.col.lastUsed')}: ${formatDateTime(revoking.lastUsedAt, i18n.language)})`}
            </p>
          )
        }
        confirmLabel={t('keys.revokeConfirm')}
        danger
        busy={revokeState.fetching}
        error={revokeState.error}
        onConfirm={() => void confirmRevocation()}
        onCancel={() => setRevoking(null)}
      />
    </div>
  );
}

/** One page of keys as a <tbody>; the last page offers the next. */
function KeyPage(props: {
  after: string | null;
  last: boolean;
  onMore: (cursor: string) => void;
  onRevoke: (key: Key) => void;
}) {
  const { t, i18n } = useTranslation('account');
  const [result] = useQuery({
    query: ApiKeysQuery,
    variables: { first: PAGE_SIZE, after: props.after },
    requestPolicy: 'network-only',
  });
  const connection = result.data?.apiKeys;
  const now = Date.now();
  return (
    <tbody>
      {result.error && (
        <tr>
          <td colSpan={8}>
            <ErrorAlert error={result.error} />
          </td>
        </tr>
      )}
      {!connection && result.fetching && (
        <tr>
          <td colSpan={8}>{t('common:loading')}</td>
        </tr>
      )}
      {connection && connection.totalCount === 0 && (
        <tr>
          <td colSpan={8}>{t('keys.empty')}</td>
        </tr>
      )}
      {connection?.edges.map(({ node: key }) => {
        const expired = key.expiresAt !== null && new Date(key.expiresAt).getTime() <= now;
        return (
          <tr key={key.id} className={key.revokedAt || expired ? 'account-inactive' : undefined}>
            <th scope="row">
              <code lang="en">{key.prefix}</code>
            </th>
            <td>{key.label ?? t('none')}</td>
            <td>
              <ul className="account-scopes">
                {key.scopes.map((scope) => (
                  <li key={scope}>
                    {t(`scope.${scope.replace(':', '.')}`, { defaultValue: scope })} <code lang="en">{scope}</code>
                  </li>
                ))}
              </ul>
            </td>
            <td>{formatDate(key.createdAt, i18n.language)}</td>
            <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt, i18n.language) : t('keys.never')}</td>
            <td>{key.expiresAt ? formatDate(key.expiresAt, i18n.language) : t('keys.noExpiry')}</td>
            <td>
              {key.revokedAt
                ? t('keys.revoked', { date: formatDate(key.revokedAt, i18n.language) })
                : expired
                  ? t('keys.expired')
                  : t('keys.active')}
            </td>
            <td>
              {!key.revokedAt && !expired && (
                <button
                  type="button"
                  className="secondary danger-outline"
                  aria-label={t('keys.revokeNamed', { prefix: key.prefix })}
                  onClick={() => props.onRevoke(key)}
                >
                  {t('keys.revoke')}
                </button>
              )}
            </td>
          </tr>
        );
      })}
      {props.last && connection && (
        <tr>
          <td colSpan={8}>
            {t('keys.count', { count: connection.totalCount })}{' '}
            {connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
              <button type="button" className="secondary" onClick={() => props.onMore(connection.pageInfo.endCursor!)}>
                {t('keys.more')}
              </button>
            )}
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** Tomorrow in Japan, as yyyy-mm-dd: the earliest expiry date the form offers. */
function tomorrow(): string {
  return new Date(Date.now() + 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
}

function IssueApiKey({ onIssued }: { onIssued: () => void }) {
  const { t } = useTranslation('account');
  const [viewer] = useQuery({ query: ViewerQuery });
  const [state, issue] = useMutation(IssueApiKeyMutation);
  const check = useErrorCheck();
  const [label, setLabel] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [scopesMissing, setScopesMissing] = useState(false);
  const [issued, setIssued] = useState<{ prefix: string; secret: string } | null>(null);
  const firstScope = useRef<HTMLInputElement>(null);

  const isHubAdmin = viewer.data?.viewer.isHubAdmin ?? false;
  // An agency key holds at most the caller's own scopes; admin belongs to hub-admin keys, which always get it.
  const offered = (viewer.data?.viewer.scopes ?? []).filter((scope) => scope !== 'admin');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setIssued(null);
    if (!isHubAdmin && chosen.length === 0) {
      setScopesMissing(true);
      firstScope.current?.focus();
      return;
    }
    setScopesMissing(false);
    const answer = await issue({
      input: {
        scopes: isHubAdmin ? ['admin'] : chosen,
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59+09:00`).toISOString() } : {}),
      },
    });
    const result = answer.data?.issueApiKey;
    if (!result) {
      check(answer.error);
      return;
    }
    setIssued({ prefix: result.apiKey.prefix, secret: result.secret });
    setLabel('');
    setChosen([]);
    setExpires('');
    onIssued();
  }

  return (
    <section className="panel" aria-labelledby="keys-issue-title">
      <h2 id="keys-issue-title">{t('keys.issueTitle')}</h2>
      <ErrorAlert error={viewer.error} />
      {issued ? (
        <div>
          <p role="status">{t('keys.issued', { prefix: issued.prefix })}</p>
          <OneTimeSecret
            label={t('keys.secretLabel')}
            value={issued.secret}
            help={t('keys.secretHelp')}
            warning={t('keys.secretWarning')}
          />
          <div className="console-actions">
            <button type="button" className="secondary" onClick={() => setIssued(null)}>
              {t('close')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="account-form">
          <div>
            <label htmlFor="keys-label">
              {t('keys.label')} {t('optional')}
            </label>
            <input
              id="keys-label"
              type="text"
              maxLength={100}
              className="console-wide"
              value={label}
              onChange={(event) => setLabel(event.target.value)}
            />
          </div>
          {isHubAdmin ? (
            <p className="help">{t('keys.hubScopesHelp')}</p>
          ) : (
            <fieldset
              className="console-fieldset"
              aria-describedby={scopesMissing ? 'keys-scopes-help keys-scopes-missing' : 'keys-scopes-help'}
            >
              <legend>
                {t('keys.scopes')} {t('required')}
              </legend>
              <p id="keys-scopes-help" className="help">
                {t('keys.scopesHelp')}
              </p>
              <div className="console-checks">
                {offered.map((scope, index) => (
                  <div key={scope} className="console-check">
                    <input
                      ref={index === 0 ? firstScope : undefined}
                      id={`keys-scope-${scope}`}
                      type="checkbox"
                      checked={chosen.includes(scope)}
                      aria-invalid={scopesMissing || undefined}
                      onChange={(event) =>
                        setChosen(event.target.checked ? [...chosen, scope] : chosen.filter((value) => value !== scope))
                      }
                    />
                    <label htmlFor={`keys-scope-${scope}`}>
                      {t(`scope.${scope.replace(':', '.')}`, { defaultValue: scope })} <code lang="en">{scope}</code>
                    </label>
                  </div>
                ))}
              </div>
              {scopesMissing && (
                <p id="keys-scopes-missing" role="alert" className="error">
                  {t('keys.scopesMissing')}
                </p>
              )}
            </fieldset>
          )}
          <div>
            <label htmlFor="keys-expires">
              {t('keys.expires')} {t('optional')}
            </label>
            <input
              id="keys-expires"
              type="date"
              min={tomorrow()}
              value={expires}
              aria-describedby="keys-expires-help"
              onChange={(event) => setExpires(event.target.value)}
            />
            <p id="keys-expires-help" className="help">
              {t('keys.expiresHelp')}
            </p>
          </div>
          {state.error && (
            <p role="alert" className="error">
              {t('keys.error', { code: shownCode(state.error) })}
            </p>
          )}
          <div className="console-actions">
            <button type="submit" disabled={state.fetching || !viewer.data}>
              {t('keys.issue')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
