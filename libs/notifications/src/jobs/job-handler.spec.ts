import { JobName } from '@tsunagu/platform';
import { JobHandlersError, mapJobHandlers, type JobHandler } from './job-handler.js';

const handler = (jobName: string): JobHandler => ({ jobName: jobName as JobName, handle: () => Promise.resolve() });

describe('mapJobHandlers', () => {
  it('maps every job name to its one handler', () => {
    const handlers = Object.values(JobName).map(handler);
    const byName = mapJobHandlers(handlers);
    for (const one of handlers) expect(byName.get(one.jobName)).toBe(one);
  });

  it('fails naming a job name that has no handler', () => {
    expect(() => mapJobHandlers([])).toThrow(new RegExp(`no handler for ${JobName.FAN_OUT_EVENT}`));
  });

  it('fails naming a job name that has two handlers', () => {
    const run = () => mapJobHandlers([handler(JobName.FAN_OUT_EVENT), handler(JobName.FAN_OUT_EVENT)]);
    expect(run).toThrow(JobHandlersError);
    expect(run).toThrow(new RegExp(`more than one handler for ${JobName.FAN_OUT_EVENT}`));
  });

  it('fails on a handler for a name that is not a job name, and reports every problem at once', () => {
    try {
      mapJobHandlers([handler('a'), handler('b'), handler('b'), handler('stray')], ['a', 'b', 'c']);
      throw new Error('expected mapJobHandlers to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(JobHandlersError);
      expect(error).toMatchObject({ missing: ['c'], duplicated: ['b'], unknown: ['stray'] });
    }
  });
});
