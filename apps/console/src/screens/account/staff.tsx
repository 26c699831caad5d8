import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AccountStaffMembersQuery, StaffRole } from '../../gql/graphql';
import { errorExtensions, shownCode, useErrorCheck } from '../../components/operation-error';
import { useStaff } from '../../session';
import { ConfirmDialog, ErrorAlert, formatDate, formatDateTime } from '../person/ui';
import { managesAccounts, OneTimeSecret } from './ui';
import './messages';

const StaffMembersQuery = graphql(`
  query AccountStaffMembers($agencyId: ID) {
    staffMembers(agencyId: $agencyId) {
      id
      agencyId
      email
      displayName
      role
      totpEnabled
      locked
      lockedUntil
      passwordSet
      createdAt
      deactivatedAt
    }
  }
`);

const AgenciesQuery = graphql(`
  query AccountAgencies {
    agencies(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const CreateStaffMemberMutation = graphql(`
  mutation AccountCreateStaffMember($input: CreateStaffMemberInput!) {
    createStaffMember(input: $input) {
      setupToken
      staffMember {
        id
        displayName
      }
    }
  }
`);

const DeactivateStaffMemberMutation = graphql(`
  mutation AccountDeactivateStaffMember($id: ID!) {
    deactivateStaffMember(id: $id) {
      id
      deactivatedAt
    }
  }
`);

type Member = AccountStaffMembersQuery['staffMembers'][number];

/** The roles an admin may give: its agency's two, or (hub admin) the hub roles as well. */
function rolesFor(callerRole: string, agencyId: string | null): StaffRole[] {
  if (callerRole !== 'HUB_ADMIN') return ['CASEWORKER', 'AGENCY_ADMIN'];
  return agencyId ? ['CASEWORKER', 'AGENCY_ADMIN', 'HUB_COORDINATOR'] : ['HUB_ADMIN'];
}

/** The agency's staff accounts: the list, adding a member (with the set-up link shown once), deactivation. */
export function StaffScreen() {
  const { t } = useTranslation('account');
  const { staff } = useStaff();
  if (!managesAccounts(staff.role)) {
    return (
      <div>
        <h1>{t('staff.title')}</h1>
        <p role="alert" className="error">
          {t('adminOnly')}
        </p>
      </div>
    );
  }
  return <StaffManagement />;
}

function StaffManagement() {
  const { t, i18n } = useTranslation('account');
  const { staff } = useStaff();
  const isHubAdmin = staff.role === 'HUB_ADMIN';
  const [agencyId, setAgencyId] = useState<string | null>(staff.agency?.id ?? null);
  const [list, reexecuteList] = useQuery({
    query: StaffMembersQuery,
    variables: { agencyId: isHubAdmin ? agencyId : null },
  });
  const [agencies] = useQuery({ query: AgenciesQuery, pause: !isHubAdmin });
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const [deactivateState, deactivate] = useMutation(DeactivateStaffMemberMutation);
  const [notice, setNotice] = useState<string | null>(null);
  const check = useErrorCheck();

  async function confirmDeactivation() {
    if (!deactivating) return;
    const answer = await deactivate({ id: deactivating.id });
    if (check(answer.error)) return;
    setNotice(t('staff.deactivated.done', { name: deactivating.displayName }));
    setDeactivating(null);
    reexecuteList({ requestPolicy: 'network-only' });
  }

  const members = list.data?.staffMembers ?? [];
  return (
    <div className="account-screen">
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
      {isHubAdmin && (
        <div className="filter-row">
          <label htmlFor="staff-agency">{t('staff.agency')}</label>
          <select
            id="staff-agency"
            value={agencyId ?? ''}
            onChange={(event) => setAgencyId(event.target.value || null)}
          >
            <option value="">{t('staff.hubAdmins')}</option>
            {agencies.data?.agencies.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <AddStaffMember
        agencyId={isHubAdmin ? agencyId : null}
        onCreated={() => reexecuteList({ requestPolicy: 'network-only' })}
      />
      <section aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">{t('staff.listTitle')}</h2>
        <p role="status">{notice ?? ''}</p>
        <ErrorAlert error={list.error} />
        {list.fetching && !list.data && <p>{t('common:loading')}</p>}
        {list.data && members.length === 0 && <p>{t('staff.empty')}</p>}
        {members.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="staff-list-title">
            <table className="account-table">
              <caption>{t('staff.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.col.name')}</th>
                  <th scope="col">{t('staff.col.email')}</th>
                  <th scope="col">{t('staff.col.role')}</th>
                  <th scope="col">{t('staff.col.password')}</th>
                  <th scope="col">{t('staff.col.totp')}</th>
                  <th scope="col">{t('staff.col.locked')}</th>
                  <th scope="col">{t('staff.col.status')}</th>
                  <th scope="col">{t('staff.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.id} className={member.deactivatedAt ? 'account-inactive' : undefined}>
                    <th scope="row">
                      {member.displayName}
                      {member.id === staff.id && ` ${t('staff.you')}`}
                    </th>
                    <td>{member.email}</td>
                    <td>{t(`common:role.${member.role}`)}</td>
                    <td>{member.passwordSet ? t('staff.passwordSet') : t('staff.passwordNotSet')}</td>
                    <td>{member.totpEnabled ? t('staff.totpOn') : t('staff.totpOff')}</td>
                    <td>
                      {member.locked
                        ? t('staff.lockedUntil', { time: formatDateTime(member.lockedUntil, i18n.language) })
                        : t('staff.notLocked')}
                    </td>
                    <td>
                      {member.deactivatedAt
                        ? t('staff.deactivated', { date: formatDate(member.deactivatedAt, i18n.language) })
                        : t('staff.active')}
                    </td>
                    <td>
                      {!member.deactivatedAt && member.id !== staff.id && (
                        <button
                          type="button"
                          className="secondary danger-outline"
                          aria-label={t('staff.deactivateNamed', { name: member.displayName })}
                          onClick={() => {
                            setNotice(null);
                            setDeactivating(member);
                          }}
                        >
                          {t('staff.deactivate')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={deactivating !== null}
        title={t('staff.deactivateTitle')}
        body={
          deactivating && (
            <p>{t('staff.deactivateBody', { name: deactivating.displayName, email: deactivating.email })}</p>
          )
        }
        confirmLabel={t('staff.deactivateConfirm')}
        danger
        busy={deactivateState.fetching}
        error={deactivateState.error}
        onConfirm={() => void confirmDeactivation()}
        onCancel={() => setDeactivating(null)}
      />
    </div>
  );
}

type FieldName = 'email' | 'displayName';

function AddStaffMember({ agencyId, onCreated }: { agencyId: string | null; onCreated: () => void }) {
  const { t } = useTranslation('account');
  const { staff } = useStaff();
  const roles = rolesFor(staff.role, agencyId);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>(roles[0]);
  const [problems, setProblems] = useState<Partial<Record<FieldName, string>>>({});
  const [created, setCreated] = useState<{ name: string; link: string } | null>(null);
  const [state, create] = useMutation(CreateStaffMemberMutation);
  const check = useErrorCheck();
  const emailField = useRef<HTMLInputElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const chosenRole = roles.includes(role) ? role : roles[0];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const found: Partial<Record<FieldName, string>> = {};
    if (!email.trim()) found.email = t('staff.missing');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = t('staff.emailInvalid');
    if (!displayName.trim()) found.displayName = t('staff.missing');
    setProblems(found);
    if (found.email) return emailField.current?.focus();
    if (found.displayName) return nameField.current?.focus();
    const answer = await create({
      input: {
        email: email.trim(),
        displayName: displayName.trim(),
        role: chosenRole,
        ...(agencyId ? { agencyId } : {}),
      },
    });
    const invitation = answer.data?.createStaffMember;
    if (!invitation) {
      check(answer.error);
      const reason = errorExtensions(answer.error).reason;
      if (reason === 'EMAIL_TAKEN' || shownCode(answer.error) === 'CONFLICT') {
        setProblems({ email: t('staff.emailTaken') });
        emailField.current?.focus();
      } else if (shownCode(answer.error) === 'BAD_USER_INPUT' && errorExtensions(answer.error).field === 'email') {
        setProblems({ email: t('staff.emailInvalid') });
        emailField.current?.focus();
      }
      return;
    }
    setCreated({
      name: invitation.staffMember.displayName,
      link: `${location.origin}/console/reset-password#token=${encodeURIComponent(invitation.setupToken)}`,
    });
    setEmail('');
    setDisplayName('');
    onCreated();
  }

  const reason = errorExtensions(state.error).reason;
  const shownError =
    state.error && !problems.email
      ? reason === 'HUB_ADMIN_ONLY'
        ? t('staff.hubRoleOnly')
        : reason === 'AGENCY_REQUIRED'
          ? t('staff.agencyRequired')
          : t('staff.error', { code: shownCode(state.error) })
      : null;

  function field(name: FieldName, label: string, value: string, set: (value: string) => void) {
    const id = `staff-add-${name}`;
    return (
      <div>
        <label htmlFor={id}>
          {label} {t('required')}
        </label>
        <input
          ref={name === 'email' ? emailField : nameField}
          id={id}
          type={name === 'email' ? 'email' : 'text'}
          autoComplete="off"
          required
          className="console-wide"
          value={value}
          aria-invalid={problems[name] ? true : undefined}
          aria-describedby={problems[name] ? `${id}-problem` : undefined}
          onChange={(event) => set(event.target.value)}
        />
        {problems[name] && (
          <p id={`${id}-problem`} role="alert" className="error">
            {problems[name]}
          </p>
        )}
      </div>
    );
  }

  return (
    <section className="panel" aria-labelledby="staff-add-title">
      <h2 id="staff-add-title">{t('staff.addTitle')}</h2>
      {created ? (
        <div>
          <p role="status">{t('staff.created', { name: created.name })}</p>
          <OneTimeSecret
            label={t('staff.linkLabel')}
            value={created.link}
            help={t('staff.linkHelp')}
            warning={t('staff.linkWarning')}
          />
          <p className="help">{t('staff.linkLost')}</p>
          <div className="console-actions">
            <button type="button" className="secondary" onClick={() => setCreated(null)}>
              {t('close')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="account-form">
          {field('email', t('staff.email'), email, setEmail)}
          {field('displayName', t('staff.name'), displayName, setDisplayName)}
          <div>
            <label htmlFor="staff-add-role">{t('staff.role')}</label>
            <select
              id="staff-add-role"
              value={chosenRole}
              aria-describedby="staff-add-role-help"
              onChange={(event) => setRole(event.target.value as StaffRole)}
            >
              {roles.map((value) => (
                <option key={value} value={value}>
                  {t(`common:role.${value}`)}
                </option>
              ))}
            </select>
            <p id="staff-add-role-help" className="help">
              {t('staff.roleHelp')}
            </p>
          </div>
          {shownError && (
            <p role="alert" className="error">
              {shownError}
            </p>
          )}
          <div className="console-actions">
            <button type="submit" disabled={state.fetching}>
              {t('staff.add')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
