import { isTaskClockData, taskClockJobId, taskClockSchedule } from './task-clock.job.js';
import { pendingTaskSteps } from './task-clock.source.js';

const TASK = '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b';

describe('task clock schedule', () => {
  it('reminds at 09:00 JST three days before, marks overdue when the due date ends (JST), escalates three days later', () => {
    expect(taskClockSchedule('2026-01-20', new Date('2026-01-05T00:00:00.000Z'))).toEqual([
      { step: 'DUE_SOON', at: new Date('2026-01-17T00:00:00.000Z') },
      { step: 'OVERDUE', at: new Date('2026-01-20T15:00:00.000Z') },
      { step: 'ESCALATE', at: new Date('2026-01-23T15:00:00.000Z') },
    ]);
  });

  it('leaves out the reminder of a task assigned after its reminder point', () => {
    const steps = taskClockSchedule('2026-01-20', new Date('2026-01-18T00:00:00.000Z')).map(({ step }) => step);
    expect(steps).toEqual(['OVERDUE', 'ESCALATE']);
  });

  it('has deterministic job ids; a review job names its date', () => {
    expect(taskClockJobId({ kind: 'OVERDUE', taskId: TASK })).toBe(`${TASK}:task:OVERDUE`);
    expect(taskClockJobId({ kind: 'REVIEW_DUE', planId: TASK, reviewOn: '2026-03-31' })).toBe(
      `${TASK}:review:2026-03-31`,
    );
  });

  it('recognises its data and nothing else', () => {
    expect(isTaskClockData({ kind: 'DUE_SOON', taskId: TASK })).toBe(true);
    expect(isTaskClockData({ kind: 'REVIEW_DUE', planId: TASK, reviewOn: '2026-03-31' })).toBe(true);
    expect(isTaskClockData({ kind: 'REVIEW_DUE', planId: TASK, reviewOn: '31.3.2026' })).toBe(false);
    expect(isTaskClockData({ kind: 'LATER', taskId: TASK })).toBe(false);
    expect(isTaskClockData(null)).toBe(false);
  });
});

describe('pendingTaskSteps', () => {
  const row = (done: Partial<Record<'reminded_at' | 'overdue_at' | 'escalated_at', Date>> = {}) => ({
    id: TASK,
    due_on: '2026-01-20',
    created_at: new Date('2026-01-05T00:00:00.000Z'),
    reminded_at: null,
    overdue_at: null,
    escalated_at: null,
    ...done,
  });
  const ids = (now: string, done = {}) =>
    pendingTaskSteps(row(done), new Date(now), new Date(0)).map((clock) => clock.jobId.split(':').pop());

  it('lists the steps not done, at the scheduler’s times', () => {
    expect(ids('2026-01-10T00:00:00.000Z')).toEqual(['DUE_SOON', 'OVERDUE', 'ESCALATE']);
    expect(ids('2026-01-18T00:00:00.000Z', { reminded_at: new Date() })).toEqual(['OVERDUE', 'ESCALATE']);
  });

  it('drops a reminder that is moot once the task is overdue', () => {
    expect(ids('2026-01-21T00:00:00.000Z')).toEqual(['OVERDUE', 'ESCALATE']);
  });

  it('leaves out steps that fell due before `since`', () => {
    const clocks = pendingTaskSteps(row(), new Date('2026-01-22T00:00:00.000Z'), new Date('2026-01-21T00:00:00.000Z'));
    expect(clocks.map((clock) => clock.jobId.split(':').pop())).toEqual(['ESCALATE']);
  });
});
