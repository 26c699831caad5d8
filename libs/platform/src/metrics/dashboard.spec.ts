import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Metrics } from './metrics.js';
import { WorkerMetrics } from './worker-metrics.js';

/**
 * The Grafana dashboard and docs/monitoring.md against the series the code registers: a renamed or removed
 * series fails here rather than as an empty panel.
 */
const root = path.resolve(import.meta.dirname, '../../../..');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { expr?: string; refId: string }[];
}

const dashboard = JSON.parse(readFileSync(path.join(root, 'monitoring/grafana/dashboards/tsunagu.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
};
const panels = dashboard.panels.filter((panel) => panel.type !== 'row');

/** Every series of both processes: the shared ones, the default Node.js ones, and the worker's gauges. */
function registeredSeries(): Map<string, string> {
  const metrics = new Metrics();
  new WorkerMetrics(metrics.registry, {
    queues: [],
    outboxLag: () => Promise.resolve({ pending: 0, oldestAgeSeconds: 0 }),
  });
  return new Map(metrics.registry.getMetricsAsArray().map((metric) => [metric.name, String(metric.type)]));
}

const registered = registeredSeries();
/** The series of our own (not the default Node.js and process metrics). */
const ours = [...registered.keys()].filter((name) => !/^tsunagu_(process|nodejs)_/.test(name));

/** The registered series a PromQL name refers to (a histogram's `_bucket`, `_count` and `_sum` included). */
function seriesOf(name: string): string | undefined {
  if (registered.has(name)) return name;
  const base = name.replace(/_(bucket|count|sum)$/, '');
  return registered.get(base) === 'histogram' ? base : undefined;
}

function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\btsunagu_[a-z0-9_]+/g)].map(([name]) => name);
}

describe('the Grafana dashboard', () => {
  it('has panels with unique ids, each querying the provisioned Prometheus', () => {
    expect(dashboard.uid).toBe('tsunagu');
    expect(panels.length).toBeGreaterThanOrEqual(15);
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('queries only series the code registers', () => {
    const unknown: string[] = [];
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const names = metricNamesIn(target.expr ?? '');
        if (names.length === 0) unknown.push(`${panel.title} ${target.refId}: no tsunagu_ series`);
        for (const name of names) if (!seriesOf(name)) unknown.push(`${panel.title} ${target.refId}: ${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('shows every series of ours', () => {
    const queried = new Set(
      panels
        .flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNamesIn(target.expr ?? '')))
        .map(seriesOf),
    );
    expect(ours.filter((name) => !queried.has(name))).toEqual([]);
  });
});

describe('docs/monitoring.md', () => {
  it('names every series of ours', () => {
    const docs = readFileSync(path.join(root, 'docs/monitoring.md'), 'utf8');
    expect(ours.length).toBeGreaterThanOrEqual(12);
    expect(ours.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });
});
