import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ConsoleSupportTasksQuery } from '../../gql/graphql';
import { useStaff } from '../../session';
import { AgencyName } from '../agency-name';
import { SupportPlanQuery } from './support-plan';
import { ConfirmDialog, ErrorAlert, formatDate } from './ui';

const SupportTasksQuery = graphql(`
  query ConsoleSupportTasks($filter: SupportTaskFilter, $first: Int) {
    supportTasks(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          description
          ownerAgencyId
          ownerLabel
          dueOn
          status
          overdue
          dropReason
          closedAt
          version
        }
      }
    }
  }
`);

const CompleteSupportTaskMutation = graphql(`
  mutation ConsoleCompleteSupportTask($id: ID!, $expectedVersion: Int!) {
    completeSupportTask(id: $id, expectedVersion: $expectedVersion) {
      id
      status
      closedAt
      overdue
      version
    }
  }
`);

const DropSupportTaskMutation = graphql(`
  mutation ConsoleDropSupportTask($id: ID!, $expectedVersion: Int!, $reason: String!) {
    dropSupportTask(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
      id
      status
      dropReason
      closedAt
      overdue
      version
    }
  }
`);

type Task = ConsoleSupportTasksQuery['supportTasks']['edges'][number]['node'];

/** The plan's tasks (役割分担): who, what, by when; the owner agency or the plan's lead marks them done or dropped. */
export function SupportTasksSection({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation('person');
  const { staff } = useStaff();
  const [result, refetch] = useQuery({
    query: SupportTasksQuery,
    variables: { filter: { personId, status: ['OPEN', 'DONE', 'DROPPED'] }, first: 100 },
  });
  const [planResult] = useQuery({ query: SupportPlanQuery, variables: { personId } });
  const [completeState, complete] = useMutation(CompleteSupportTaskMutation);
  const [dropState, drop] = useMutation(DropSupportTaskMutation);
  const [completing, setCompleting] = useState<Task | null>(null);
  const [dropping, setDropping] = useState<Task | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const tasks = result.data?.supportTasks.edges.map((edge) => edge.node) ?? [];
  const myAgency = staff.agency?.id;
  const isLead = !!myAgency && planResult.data?.supportPlan.leadAgencyId === myAgency;

  async function confirmComplete() {
    if (!completing) return;
    const answer = await complete({ id: completing.id, expectedVersion: completing.version });
    if (answer.data) {
      setCompleting(null);
      setDone(t('tasks.doneDone', { task: completing.description }));
    } else refetch({ requestPolicy: 'network-only' });
  }

  async function confirmDrop(reason: string) {
    if (!dropping) return;
    const answer = await drop({ id: dropping.id, expectedVersion: dropping.version, reason });
    if (answer.data) {
      setDropping(null);
      setDone(t('tasks.droppedDone', { task: dropping.description }));
    } else refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section aria-labelledby="tasks-title" className="panel">
      <h2 id="tasks-title">{t('tasks.title')}</h2>
      {done && (
        <p role="status" className="console-status">
          {done}
        </p>
      )}
      <ErrorAlert error={result.error} />
      {!result.error && !result.fetching && tasks.length === 0 && <p>{t('tasks.none')}</p>}
      {tasks.length > 0 && (
        <div className="console-table-wrap">
          <table>
            <caption>{t('tasks.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tasks.description')}</th>
                <th scope="col">{t('tasks.owner')}</th>
                <th scope="col">{t('tasks.due')}</th>
                <th scope="col">{t('tasks.status')}</th>
                <th scope="col">{t('tasks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => {
                const canClose = task.status === 'OPEN' && (isLead || (!!myAgency && task.ownerAgencyId === myAgency));
                return (
                  <tr key={task.id}>
                    <th scope="row">{task.description}</th>
                    <td>
                      {task.ownerAgencyId ? (
                        <AgencyName id={task.ownerAgencyId} />
                      ) : (
                        (task.ownerLabel ?? t('tasks.noOwner'))
                      )}
                    </td>
                    <td>
                      {formatDate(task.dueOn, i18n.language)}
                      {task.overdue && (
                        <>
                          {' '}
                          <span className="badge overdue">{t('tasks.overdue')}</span>
                        </>
                      )}
                    </td>
                    <td>
                      {t(`taskStatus.${task.status}`)}
                      {task.dropReason && <span className="help console-block">{task.dropReason}</span>}
                    </td>
                    <td>
                      {canClose && (
                        <div className="console-actions">
                          <button
                            type="button"
                            onClick={() => {
                              setDone(null);
                              setCompleting(task);
                            }}
                            aria-label={t('tasks.markDoneFor', { task: task.description })}
                          >
                            {t('tasks.markDone')}
                          </button>
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => {
                              setDone(null);
                              setDropping(task);
                            }}
                            aria-label={t('tasks.dropFor', { task: task.description })}
                          >
                            {t('tasks.drop')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={completing !== null}
        title={t('tasks.doneTitle')}
        body={<p>{completing?.description}</p>}
        confirmLabel={t('tasks.doneConfirm')}
        busy={completeState.fetching}
        error={completeState.error}
        onConfirm={() => void confirmComplete()}
        onCancel={() => setCompleting(null)}
      />
      <ConfirmDialog
        open={dropping !== null}
        title={t('tasks.dropTitle')}
        body={<p>{dropping?.description}</p>}
        confirmLabel={t('tasks.dropConfirm')}
        reasonLabel={t('tasks.dropReason')}
        reasonRequired
        danger
        busy={dropState.fetching}
        error={dropState.error}
        onConfirm={(reason) => void confirmDrop(reason)}
        onCancel={() => setDropping(null)}
      />
    </section>
  );
}
