import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ATTEMPT_FAILURE_REASONS } from './metric-labels.js';

/** Every series of ours starts with this, default Node.js metrics included (`tsunagu_process_cpu_seconds_total`). */
export const METRIC_PREFIX = 'tsunagu_';

/** Request and operation latencies: 5 ms to 10 s. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long an agency takes to answer a referral: a minute to four weeks. */
export const RESPONSE_TIME_BUCKETS_SECONDS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
  14 * DAY,
  28 * DAY,
];

/** A webhook POST: 10 ms to 30 s (WEBHOOK_TIMEOUT_MS is at most that). */
export const WEBHOOK_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The process's metrics: one Prometheus registry with the default Node.js metrics and the series both apps
 * record. Label values are always from small fixed sets (statuses, sectors, route patterns, schema field
 * names), never ids or anything typed by a person. The worker adds its queue and outbox gauges (see
 * `worker-metrics.ts`).
 */
export class Metrics {
  private static processInstance: Metrics | undefined;

  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by method, route pattern and status code: time from arrival to the response sent.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly graphqlOperationDuration = new Histogram({
    name: `${METRIC_PREFIX}graphql_operation_duration_seconds`,
    help: 'GraphQL queries and mutations by operation (a root field of the schema), type and outcome (ok or error): parse to result.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly referralTransitions = new Counter({
    name: `${METRIC_PREFIX}referral_transitions_total`,
    help: "Committed referral status changes by the status reached and the recipient agency's sector.",
    labelNames: ['status', 'sector'] as const,
    registers: [this.registry],
  });

  readonly referralTimeToAcknowledge = new Histogram({
    name: `${METRIC_PREFIX}referral_time_to_acknowledge_seconds`,
    help: "From a referral's sending to its acknowledgement by the recipient, by the recipient's sector and the urgency.",
    labelNames: ['sector', 'urgency'] as const,
    buckets: RESPONSE_TIME_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly referralTimeToDecision = new Histogram({
    name: `${METRIC_PREFIX}referral_time_to_decision_seconds`,
    help: "From a referral's sending to its acceptance or rejection, by the recipient's sector and the urgency.",
    labelNames: ['sector', 'urgency'] as const,
    buckets: RESPONSE_TIME_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly webhookAttemptDuration = new Histogram({
    name: `${METRIC_PREFIX}webhook_attempt_duration_seconds`,
    help: 'Webhook POSTs by outcome (succeeded or failed): connecting to the end of the response read.',
    labelNames: ['outcome'] as const,
    buckets: WEBHOOK_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly webhookAttemptFailures = new Counter({
    name: `${METRIC_PREFIX}webhook_attempt_failures_total`,
    help: 'Failed webhook POSTs by reason: http_3xx, http_4xx, http_5xx, timeout, refused (SSRF guard) or network.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly webhookDeadLetters = new Counter({
    name: `${METRIC_PREFIX}webhook_dead_letters_total`,
    help: 'Webhook deliveries dead-lettered after their last attempt failed.',
    registers: [this.registry],
  });

  readonly emailAttempts = new Counter({
    name: `${METRIC_PREFIX}email_attempts_total`,
    help: 'E-mail notice attempts by outcome: sent, retry (failed, tried again later) or failed (for good).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly clocksRecreated = new Counter({
    name: `${METRIC_PREFIX}clocks_recreated_total`,
    help: 'Clock jobs the worker re-created from PostgreSQL (missing in Redis, or failed for good while due), by kind of clock.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    // Series with labels exist from the start, at zero, for every value their labels can take here: Prometheus
    // sees an increase only between two samples, so a series born with its first event would lose that event
    // to rate() and increase(). The referral series are started by ReferralMetrics, which knows the statuses.
    for (const outcome of ['succeeded', 'failed']) this.webhookAttemptDuration.zero({ outcome });
    for (const reason of ATTEMPT_FAILURE_REASONS) this.webhookAttemptFailures.inc({ reason }, 0);
    for (const outcome of ['sent', 'retry', 'failed']) this.emailAttempts.inc({ outcome }, 0);
  }

  /**
   * The metrics of this process. Default metrics observe the whole process (GC, event loop), so every
   * application of the process shares one registry.
   */
  static forProcess(): Metrics {
    Metrics.processInstance ??= new Metrics();
    return Metrics.processInstance;
  }

  /** The Prometheus text exposition of every series. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
