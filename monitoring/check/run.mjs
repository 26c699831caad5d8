// The monitoring check: monitoring/prometheus.yml and every query of the Grafana dashboard against a real
// Prometheus that scrapes the built API and worker after real traffic.
//
//   npm run build && npm run monitoring:check
//
// 1. `promtool check config` on monitoring/prometheus.yml as it is.
// 2. A database of its own (tsunagu_monitoring_check, dropped and re-created), a Redis key prefix of its own,
//    the built API and worker on free ports, a webhook sink that answers 204, one that answers 503, and an
//    SMTP sink; Prometheus on a free port with a temporary storage directory and a configuration derived
//    from monitoring/prometheus.yml (the same jobs, their targets pointed at the two processes here, every
//    interval 1 s).
// 3. Two waves of traffic a few scrapes apart (so that series born in the first wave have something to
//    increase by in the second): referrals created and sent, acknowledged, accepted, declined; an operation
//    refused; webhooks delivered and failed until dead-lettered; notice e-mails.
// 4. Waits until both targets are up and Prometheus holds exactly the counts the traffic caused (transitions,
//    webhook attempts, dead letters, e-mails), then runs every panel query and template-variable query of
//    monitoring/grafana/dashboards/tsunagu.json as an instant query, Grafana's variables replaced by the
//    values Grafana would use for the dashboard's default time range.
//
// Prints a table (panel, query, result) and exits 1 when a query errors, returns no data or only NaN, a
// target is down or a count differs; 2 when Prometheus, promtool or the build is missing. Everything it
// started and made is removed at the end, also on failure.
// Env: PROMETHEUS_BIN, PROMTOOL_BIN (default: from PATH, promtool also next to prometheus),
//      BENCH_DATABASE_URL (admin URL, as for the benchmarks; default postgres://postgres@127.0.0.1:5432/test),
//      BENCH_REDIS_URL (default redis://127.0.0.1:6379).
import { execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { pathToFileURL, URLSearchParams } from 'node:url';
import { SMTPServer } from 'smtp-server';
import {
  API_MAIN,
  CLI,
  REDIS_URL,
  ROOT,
  WORKER_MAIN,
  adminQuery,
  appEnvironment,
  benchAgency,
  consentedPerson,
  databaseUrl,
  deleteRedisKeys,
  freePort,
  graphqlClient,
  waitUntil,
} from '../../bench/lib/common.mjs';

const PROMETHEUS_YML = join(ROOT, 'monitoring/prometheus.yml');
const DASHBOARD_JSON = join(ROOT, 'monitoring/grafana/dashboards/tsunagu.json');
const DATABASE = 'tsunagu_monitoring_check';
const PREFIX = `tsunagu-monitoring-check-${process.pid}`;
/** The scrape interval of the check's Prometheus. */
const SCRAPE_SECONDS = 1;
/** Attempts per webhook delivery here: the failing endpoint's deliveries are dead-lettered after a retry. */
const WEBHOOK_ATTEMPTS = 2;
/** The datasource's scrape interval as Grafana knows it (monitoring/grafana/provisioning: timeInterval). */
const GRAFANA_TIME_INTERVAL_SECONDS = 15;
/** The width of a panel in data points, which Grafana divides the time range by for `$__interval`. */
const GRAFANA_MAX_DATA_POINTS = 1000;

const log = (message) => process.stderr.write(`[monitoring] ${message}\n`);

// ---- executables ----------------------------------------------------------------

/** An executable file: `explicit` when given, else `name` in `directories`, else on PATH. */
function findExecutable(name, explicit, directories = []) {
  const candidates = explicit
    ? [explicit]
    : [...directories, ...(process.env.PATH ?? '').split(delimiter)].filter(Boolean).map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

function missing(what, variable) {
  process.stderr.write(
    [
      `${what} was not found${process.env[variable] ? ` at ${variable}=${process.env[variable]}` : ' on PATH'}.`,
      'Install Prometheus (it brings promtool), then run the check again:',
      '  Debian/Ubuntu:  sudo apt-get install prometheus',
      '  macOS:          brew install prometheus',
      '  elsewhere:      https://prometheus.io/download/ (unpack; put prometheus and promtool on PATH,',
      '                  or set PROMETHEUS_BIN and PROMTOOL_BIN)',
      '',
    ].join('\n'),
  );
  process.exit(2);
}

// ---- the Prometheus configuration ------------------------------------------------

/**
 * The scrape jobs of a prometheus.yml and each job's targets. The file writes its targets as flow lists
 * (`targets: ['api:3000']`); anything else is reported rather than guessed at.
 */
export function scrapeJobsOf(text) {
  const jobs = [];
  for (const line of text.split('\n')) {
    const job = /^\s*-\s*job_name:\s*['"]?([^'"\s#]+)/.exec(line);
    if (job) jobs.push({ job: job[1], targets: [] });
    const targets = /^\s*-?\s*targets:\s*(.*)$/.exec(line);
    if (targets) {
      const list = /^\[(.*)\]\s*(#.*)?$/.exec(targets[1].trim());
      if (!list || jobs.length === 0) throw new Error(`cannot read the targets of: ${line.trim()}`);
      jobs.at(-1).targets.push(
        ...list[1]
          .split(',')
          .map((target) => target.trim().replace(/^['"]|['"]$/g, ''))
          .filter(Boolean),
      );
    }
  }
  return jobs;
}

/**
 * monitoring/prometheus.yml for this run: the same file with each target's host (a compose service: `api`,
 * `worker`) replaced by the local address in `addresses`, and every interval set to `intervalSeconds`.
 */
export function derivedConfig(text, addresses, intervalSeconds) {
  let intervals = 0;
  const lines = text.split('\n').map((line) => {
    const interval = /^(\s*)(scrape_interval|evaluation_interval|scrape_timeout):\s*\S+(.*)$/.exec(line);
    if (interval) {
      intervals += 1;
      return `${interval[1]}${interval[2]}: ${intervalSeconds}s${interval[3]}`;
    }
    const targets = /^(\s*-?\s*targets:\s*)\[(.*)\]/.exec(line);
    if (!targets) return line;
    const local = targets[2]
      .split(',')
      .map((target) => target.trim().replace(/^['"]|['"]$/g, ''))
      .filter(Boolean)
      .map((target) => {
        const address = addresses[target.split(':')[0]];
        if (!address) throw new Error(`prometheus.yml scrapes ${target}, which this check does not run`);
        return `'${address}'`;
      });
    return `${targets[1]}[${local.join(', ')}]`;
  });
  if (intervals === 0) throw new Error('prometheus.yml sets no scrape_interval to lower');
  return lines.join('\n');
}

// ---- the dashboard -----------------------------------------------------------------

/** Every query target of every panel, rows and collapsed rows included: { panel, refId, expr, instant }. */
export function dashboardQueries(dashboard) {
  const queries = [];
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) {
          queries.push({ panel: panel.title, refId: target.refId, expr: target.expr, hide: target.hide === true });
        }
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return queries;
}

/** A Prometheus duration of whole seconds, in the largest unit that divides it (21600 → 6h). */
function duration(seconds) {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ]) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** The length of a relative Grafana time range (`now-6h` → 21600 s). */
function rangeSeconds(from) {
  const match = /^now-(\d+)([smhdw])$/.exec(from ?? '');
  if (!match) return 6 * 3600;
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[match[2]];
}

/** An interval rounded the way Grafana rounds `$__interval`: to the nearest of a few even steps. */
function roundInterval(seconds) {
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return steps.reduce((best, step) => (Math.abs(step - seconds) < Math.abs(best - seconds) ? step : best));
}

/**
 * Grafana's built-in variables as Grafana sets them for the dashboard's default time range, a panel of
 * GRAFANA_MAX_DATA_POINTS points and the datasource's timeInterval.
 */
export function builtInVariables(dashboard) {
  const range = rangeSeconds(dashboard.time?.from);
  const interval = Math.max(GRAFANA_TIME_INTERVAL_SECONDS, roundInterval(range / GRAFANA_MAX_DATA_POINTS));
  const rateInterval = Math.max(interval + GRAFANA_TIME_INTERVAL_SECONDS, 4 * GRAFANA_TIME_INTERVAL_SECONDS);
  return {
    __range: duration(range),
    __range_s: String(range),
    __range_ms: String(range * 1000),
    __interval: duration(interval),
    __interval_ms: String(interval * 1000),
    __rate_interval: duration(rateInterval),
    __rate_interval_ms: String(rateInterval * 1000),
  };
}

/** `text` with `$name`, `${name}`, `${name:format}` and `[[name]]` replaced; unknown names stay as they are. */
export function substitute(text, variables) {
  return text.replace(
    /\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]|\$([A-Za-z0-9_]+)/g,
    (whole, braced, bracketed, plain) => variables[braced ?? bracketed ?? plain] ?? whole,
  );
}

/** The value a template variable stands for in a query: one value, or a regex of all for multi-value ones. */
function variableValue(variable, values) {
  if (values.length === 0) return undefined;
  if (variable.multi || variable.includeAll) return values.length === 1 ? values[0] : `(${values.join('|')})`;
  return values[0];
}

/** Grafana's `regex` option of a query variable (`/pattern/flags`): filters values, keeps group 1 if any. */
function applyVariableRegex(values, regex) {
  if (!regex) return values;
  const literal = /^\/(.*)\/([a-z]*)$/.exec(regex);
  const pattern = literal ? new RegExp(literal[1], literal[2]) : new RegExp(regex);
  return values.flatMap((value) => {
    const match = pattern.exec(value);
    return match ? [match[1] ?? value] : [];
  });
}

/**
 * The values of a template variable of the Prometheus datasource, as Grafana asks Prometheus for them:
 * `label_values([selector,] label)`, `label_names()`, `query_result(expr)`, or the options of a custom,
 * constant, interval or text variable.
 */
async function variableValues(variable, prometheus, variables) {
  if (variable.type !== 'query') {
    const options = (variable.options ?? []).map((option) => option.value);
    if (options.length > 0) return options;
    return String(variable.query ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
  }
  const query = substitute(variableQuery(variable), variables).trim();
  const labelValues = /^label_values\(\s*(?:(.+),\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(query);
  const queryResult = /^query_result\((.+)\)$/.exec(query);
  let values;
  if (labelValues) values = await prometheus.labelValues(labelValues[2], labelValues[1]);
  else if (/^label_names\(\)$/.test(query)) values = await prometheus.labelNames();
  else if (queryResult) {
    const { result } = await prometheus.query(queryResult[1]);
    values = result.map((sample) => {
      const labels = Object.entries(sample.metric).filter(([name]) => name !== '__name__');
      const selector = labels.map(([name, value]) => `${name}="${value}"`).join(',');
      return `${sample.metric.__name__ ?? ''}{${selector}} ${sample.value[1]} ${sample.value[0] * 1000}`;
    });
  } else throw new Error(`not a query Grafana's Prometheus datasource runs for variables: ${query}`);
  return applyVariableRegex(values, variable.regex);
}

function variableQuery(variable) {
  return typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? variable.definition ?? '');
}

/**
 * Resolves the dashboard's template variables in order (a variable may use the ones before it), setting each
 * in `variables` to the value Grafana would pick on load: the saved current value while it is still among
 * the values, else the first value, or a regex of all of them for multi-value and "All" variables.
 */
export async function templateVariables(dashboard, prometheus, variables) {
  const rows = [];
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type === 'datasource' || variable.type === 'adhoc') {
      variables[variable.name] = variable.current?.value ?? variable.query;
      continue;
    }
    let values = [];
    let row;
    try {
      values = await variableValues(variable, prometheus, variables);
      row = values.length > 0 ? { ok: true, text: plural(values.length, 'value') } : { ok: false, text: 'no values' };
    } catch (error) {
      row = { ok: false, text: `error: ${error.message}` };
    }
    const current = [variable.current?.value].flat().filter((value) => value !== undefined && value !== '');
    const all = current.includes('$__all');
    const kept = current.filter((value) => values.includes(value));
    if (all) variables[variable.name] = variable.allValue ?? variableValue({ multi: true }, values);
    else if (kept.length > 0) variables[variable.name] = variableValue(variable, kept);
    else variables[variable.name] = variableValue(variable, values);
    rows.push({ name: variable.name, query: variableQuery(variable), ...row });
  }
  return rows;
}

// ---- processes ---------------------------------------------------------------------

const children = new Set();
let cleaningUp = false;
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

function start(name, command, args, env, logFile) {
  if (cleaningUp) throw new Error(`not starting ${name}: the run is being cleaned up`);
  const output = createWriteStream(logFile);
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!child.stopping) log(`${name} exited (${signal ?? code}); its output: ${logFile}`);
  });
  return child;
}

async function stop(child, timeoutMs = 15_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.stopping = true;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

// ---- sinks -------------------------------------------------------------------------

/** A webhook endpoint on a loopback port answering `status`; notes the attempts per event id. */
async function webhookSink(status) {
  const sink = { attempts: new Map(), requests: 0, lastAt: 0 };
  sink.server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['tsunagu-event-id'] ?? '');
      sink.attempts.set(id, (sink.attempts.get(id) ?? 0) + 1);
      sink.requests += 1;
      sink.lastAt = Date.now();
      response.writeHead(status).end();
    });
  });
  await new Promise((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${sink.server.address().port}/hooks`;
  return sink;
}

/** An SMTP server on a loopback port that accepts every mail (no TLS, no AUTH) and counts them. */
async function smtpSink() {
  const sink = { mails: 0, lastAt: 0 };
  sink.server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        sink.mails += 1;
        sink.lastAt = Date.now();
        callback(null);
      });
    },
  });
  sink.server.on('error', () => undefined);
  const port = await freePort();
  await new Promise((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${port}`;
  return sink;
}

const closeServer = (server) => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));

// ---- Prometheus's HTTP API ---------------------------------------------------------

export function prometheusApi(baseUrl) {
  const call = async (path, params) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: params ? 'POST' : 'GET',
      headers: params ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: params ? new URLSearchParams(params) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json().catch(() => ({ status: 'error', error: `HTTP ${response.status}` }));
    if (body.status !== 'success') throw new Error(`${body.errorType ?? 'error'}: ${body.error}`);
    return body.data;
  };
  return {
    query: (expr) => call('/api/v1/query', { query: expr, time: String(Date.now() / 1000) }),
    labelValues: (label, match) =>
      call(`/api/v1/label/${encodeURIComponent(label)}/values${match ? `?match[]=${encodeURIComponent(match)}` : ''}`),
    labelNames: () => call('/api/v1/labels'),
    targets: () => call('/api/v1/targets?state=active'),
    buildInfo: () => call('/api/v1/status/buildinfo'),
  };
}

const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A query result in a few words: the number of series and the range of their values. */
function describe(data) {
  const values =
    data.resultType === 'vector'
      ? data.result.map((sample) => Number(sample.value[1]))
      : data.resultType === 'scalar'
        ? [Number(data.result[1])]
        : data.result.map((series) => Number(series.values.at(-1)?.[1]));
  const numbers = values.filter((value) => !Number.isNaN(value));
  const nan = values.length - numbers.length;
  if (values.length === 0) return { ok: false, text: 'no data' };
  if (numbers.length === 0) return { ok: false, text: `${values.length} series, all NaN` };
  const format = (value) => (Number.isInteger(value) ? String(value) : value.toPrecision(3));
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const spread = min === max ? format(min) : `${format(min)} … ${format(max)}`;
  return {
    ok: true,
    text: `${values.length} series${values.length === 1 ? '' : ','} ${values.length === 1 ? '= ' : 'values '}${spread}${nan ? `, ${nan} NaN` : ''}`,
  };
}

/** The one number of an instant query (a sum), or undefined when it returns nothing. */
async function scalarOf(prometheus, expr) {
  const data = await prometheus.query(expr);
  return data.result.length === 0 ? undefined : Number(data.result[0].value[1]);
}

// ---- traffic -------------------------------------------------------------------------

const CREATE = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;
const ACKNOWLEDGE = `mutation ($id: ID!) { acknowledgeReferral(id: $id) { id status } }`;
const ACCEPT = `mutation ($id: ID!) { acceptReferral(id: $id) { id status } }`;
const DECLINE = `mutation ($id: ID!) { declineReferral(id: $id, reason: NO_CAPACITY) { id status } }`;

/** Agencies, a person under consent and two webhook endpoints of the recipient: what every wave uses. */
async function prepare(gql, adminKey, sinks) {
  const scopes = [
    'directory:read',
    'persons:read',
    'persons:write',
    'referrals:read',
    'referrals:write',
    'webhooks:manage',
  ];
  const agency = async (code, sector, needCategories) => {
    const made = await benchAgency(gql, adminKey, { code, sector, needCategories, scopes });
    await gql(
      adminKey,
      'mutation ($id: ID!, $input: UpdateAgencyInput!) { updateAgency(id: $id, input: $input) { id } }',
      {
        id: made.id,
        input: { contactEmail: `${code.toLowerCase()}@example.jp` },
      },
    );
    return made;
  };
  const sender = await agency('MONITORING-SENDER', 'POVERTY', ['INCOME']);
  const recipient = await agency('MONITORING-RECIPIENT', 'HOUSING', ['HOUSING']);
  for (const sink of [sinks.ok, sinks.failing]) {
    await gql(
      recipient.key,
      'mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }',
      { input: { url: sink.url, events: ['referral.*'], description: 'monitoring check' } },
    );
  }
  const { personId } = await consentedPerson(gql, sender, recipient, 'モニタ');
  return { sender, recipient, personId };
}

/**
 * One wave: a HIGH referral sent, acknowledged and accepted; a NORMAL one sent and declined; an
 * acknowledgement of the accepted one, which the API refuses; a query. Counts the transitions in `tally`.
 */
async function wave(gql, setup, tally) {
  const count = (status) => (tally[status] = (tally[status] ?? 0) + 1);
  const create = async (urgency) => {
    const { createReferral } = await gql(setup.sender.key, CREATE, {
      input: {
        personId: setup.personId,
        toAgencyId: setup.recipient.id,
        needCategories: ['HOUSING'],
        summary: 'monitoring check',
        urgency,
        sharedCategories: ['IDENTITY'],
        send: true,
      },
    });
    count('DRAFT');
    count('REQUESTED');
    return createReferral.id;
  };
  const accepted = await create('HIGH');
  await gql(setup.recipient.key, ACKNOWLEDGE, { id: accepted });
  count('RECEIVED');
  await gql(setup.recipient.key, ACCEPT, { id: accepted });
  count('ACCEPTED');
  const declined = await create('NORMAL');
  await gql(setup.recipient.key, DECLINE, { id: declined });
  count('REJECTED');
  const refused = await gql(setup.recipient.key, ACKNOWLEDGE, { id: accepted }).then(
    () => false,
    () => true,
  );
  if (!refused) throw new Error('acknowledging an accepted referral was not refused');
  await gql(setup.sender.key, 'query { viewer { agency { id } } }');
}

// ---- main ------------------------------------------------------------------------------

async function main() {
  const prometheusBin = findExecutable('prometheus', process.env.PROMETHEUS_BIN);
  if (!prometheusBin) missing('prometheus', 'PROMETHEUS_BIN');
  const promtoolBin = findExecutable('promtool', process.env.PROMTOOL_BIN, [dirname(prometheusBin)]);
  if (!promtoolBin) missing('promtool', 'PROMTOOL_BIN');
  for (const built of [API_MAIN, WORKER_MAIN, CLI]) {
    if (!existsSync(built)) {
      process.stderr.write(`${relative(ROOT, built)} is missing: run \`npm run build\` first.\n`);
      process.exit(2);
    }
  }

  const failures = [];
  const startedAt = new Date();
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-monitoring-'));
  const state = { work, processes: {}, sinks: {}, redis: true };
  const cleanup = once(() => cleanUp(state));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // 1. The real configuration file.
    log(`promtool check config ${relative(ROOT, PROMETHEUS_YML)}`);
    try {
      execFileSync(promtoolBin, ['check', 'config', PROMETHEUS_YML], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failures.push(`promtool check config: ${(error.stdout ?? '') + (error.stderr ?? '') || error.message}`);
    }
    const configText = readFileSync(PROMETHEUS_YML, 'utf8');
    const jobs = scrapeJobsOf(configText);

    // 2. Services, the two processes and Prometheus.
    state.database = true;
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${DATABASE}"`);
    const sinks = state.sinks;
    sinks.ok = await webhookSink(204);
    sinks.failing = await webhookSink(503);
    sinks.smtp = await smtpSink();
    const [apiPort, workerPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
    const { env, adminKey } = appEnvironment(
      { databaseUrl: databaseUrl(DATABASE), redisPrefix: PREFIX, port: apiPort },
      {
        DATABASE_POOL_SIZE: '4',
        WORKER_HEALTH_PORT: String(workerPort),
        WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32',
        WEBHOOK_MAX_ATTEMPTS: String(WEBHOOK_ATTEMPTS),
        WEBHOOK_RETRY_WINDOW: 'PT2S',
        WEBHOOK_DISABLE_AFTER: '1000',
        SMTP_URL: sinks.smtp.url,
        GRAPHQL_IDE: 'false',
      },
    );
    execFileSync(process.execPath, [CLI, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const workerUrl = `http://127.0.0.1:${workerPort}`;
    state.processes.api = start('api', process.execPath, [API_MAIN], env, join(work, 'api.log'));
    state.processes.worker = start('worker', process.execPath, [WORKER_MAIN], env, join(work, 'worker.log'));

    const configFile = join(work, 'prometheus.yml');
    writeFileSync(
      configFile,
      derivedConfig(configText, { api: `127.0.0.1:${apiPort}`, worker: `127.0.0.1:${workerPort}` }, SCRAPE_SECONDS),
    );
    state.processes.prometheus = start(
      'prometheus',
      prometheusBin,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(work, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      { PATH: process.env.PATH, HOME: process.env.HOME },
      join(work, 'prometheus.log'),
    );
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const prometheus = prometheusApi(prometheusUrl);

    await waitUntil('the API', async () => (await fetch(`${apiUrl}/health/ready`)).ok);
    await waitUntil('the worker', async () => (await fetch(`${workerUrl}/health/ready`)).ok);
    await waitUntil('Prometheus', async () => (await fetch(`${prometheusUrl}/-/ready`)).ok);
    const build = await prometheus.buildInfo();
    log(`Prometheus ${build.version} on ${prometheusUrl}; scraping ${jobs.map((j) => j.job).join(', ')}`);

    /** Waits until every target has been scraped, successfully, `scrapes` intervals after now. */
    const scrapedAfterNow = async (scrapes = 2) => {
      const after = Date.now() + scrapes * SCRAPE_SECONDS * 1000;
      await waitUntil(
        'fresh scrapes of every target',
        async () => {
          const { activeTargets } = await prometheus.targets();
          return (
            activeTargets.length === jobs.length &&
            activeTargets.every((target) => target.health === 'up' && Date.parse(target.lastScrape) > after)
          );
        },
        30_000,
      );
    };
    await scrapedAfterNow(1).catch(() => undefined);

    // 3. Traffic in two waves, scraped in between.
    const gql = graphqlClient(`${apiUrl}/graphql`);
    const setup = await prepare(gql, adminKey, sinks);
    const tally = {};
    await wave(gql, setup, tally);
    await scrapedAfterNow(3).catch(() => undefined);
    await wave(gql, setup, tally);
    const referralsSent = tally.REQUESTED;
    log('traffic sent; waiting for the deliveries and the e-mails');
    await waitUntil(
      'every webhook delivery (the failing ones dead-lettered) and every e-mail',
      async () => {
        const ok = [...sinks.ok.attempts.keys()];
        const failing = [...sinks.failing.attempts.entries()];
        return (
          ok.length > 0 &&
          failing.length === ok.length &&
          failing.every(([, attempts]) => attempts >= WEBHOOK_ATTEMPTS) &&
          sinks.smtp.mails >= referralsSent &&
          Date.now() - Math.max(sinks.ok.lastAt, sinks.failing.lastAt, sinks.smtp.lastAt) > 2000
        );
      },
      60_000,
    ).catch((error) => failures.push(error.message));

    // 4. Targets, and the counts Prometheus holds against what happened.
    const counts = [
      ...Object.entries(tally).map(([status, expected]) => ({
        what: `transitions to ${status}`,
        selector: `tsunagu_referral_transitions_total{status="${status}"}`,
        expected,
      })),
      {
        what: 'webhook attempts succeeded',
        selector: 'tsunagu_webhook_attempt_duration_seconds_count{outcome="succeeded"}',
        expected: sinks.ok.requests,
      },
      {
        what: 'webhook attempts failed (503)',
        selector: 'tsunagu_webhook_attempt_failures_total{reason="http_5xx"}',
        expected: sinks.failing.requests,
      },
      {
        what: 'webhook deliveries dead-lettered',
        selector: 'tsunagu_webhook_dead_letters_total',
        expected: sinks.failing.attempts.size,
      },
      { what: 'e-mails sent', selector: 'tsunagu_email_attempts_total{outcome="sent"}', expected: sinks.smtp.mails },
    ];
    let values = [];
    await waitUntil(
      'Prometheus to hold every count',
      async () => {
        values = await Promise.all(counts.map((count) => scalarOf(prometheus, `sum(${count.selector})`)));
        return counts.every((count, i) => values[i] === count.expected);
      },
      30_000,
    ).catch(() => undefined);
    await scrapedAfterNow(3).catch((error) => failures.push(error.message));

    const { activeTargets } = await prometheus.targets();
    const targetRows = jobs.map(({ job }) => {
      const target = activeTargets.find((t) => t.labels.job === job);
      if (target?.health !== 'up') {
        failures.push(`target ${job} is ${target?.health ?? 'missing'} ${target?.lastError ?? ''}`.trim());
      }
      const health = target ? `${target.health}${target.lastError ? ` (${target.lastError})` : ''}` : 'missing';
      return [job, target?.scrapeUrl ?? '—', health];
    });
    // What a panel sees of the same counts: increase() over the dashboard's range (informational).
    const dashboard = JSON.parse(readFileSync(DASHBOARD_JSON, 'utf8'));
    const variables = builtInVariables(dashboard);
    const range = variables.__range;
    const increases = await Promise.all(
      counts.map((count) => scalarOf(prometheus, `sum(increase(${count.selector}[${range}]))`).catch(() => undefined)),
    );
    const countRows = counts.map((count, i) => {
      const matches = values[i] === count.expected;
      if (!matches) failures.push(`${count.what}: caused ${count.expected}, Prometheus has ${values[i] ?? 'nothing'}`);
      return [
        count.what,
        count.expected,
        `${values[i] ?? 'no data'}${matches ? '' : ' ✗'}`,
        increases[i] === undefined ? 'no data' : increases[i].toFixed(1),
      ];
    });

    // 5. The dashboard's template variables and queries.
    const queryRows = [];
    const queryFailures = new Set();
    for (const row of await templateVariables(dashboard, prometheus, variables)) {
      if (!row.ok) {
        failures.push(`variable $${row.name}: ${row.text}`);
        queryFailures.add(failures.at(-1));
      }
      queryRows.push([`variable \`$${row.name}\``, `\`${row.query}\``, `${row.text}${row.ok ? '' : ' ✗'}`]);
    }
    const queries = dashboardQueries(dashboard);
    for (const query of queries) {
      const expr = substitute(query.expr, variables);
      let result;
      try {
        result = describe(await prometheus.query(expr));
      } catch (error) {
        result = { ok: false, text: `error: ${error.message}` };
      }
      if (!result.ok) {
        const failure = `${query.panel} ${query.refId}: ${result.text}`;
        failures.push(failure);
        queryFailures.add(failure);
      }
      queryRows.push([
        `${query.panel} (${query.refId})`,
        `\`${query.expr}\``,
        `${result.text}${result.ok ? '' : ' ✗'}`,
      ]);
    }

    // 6. The report.
    const table = (header, rows) =>
      [
        `| ${header.join(' | ')} |`,
        `| ${header.map(() => '---').join(' | ')} |`,
        ...rows.map((row) => `| ${row.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`),
      ].join('\n');
    const substituted = Object.entries(variables)
      .filter(([name]) => ['__range', '__interval', '__rate_interval'].includes(name) || !name.startsWith('__'))
      .map(([name, value]) => `$${name} = ${value}`)
      .join(', ');
    process.stdout.write(
      [
        `Monitoring check ${startedAt.toISOString()} — Prometheus ${build.version}, scrape interval ${SCRAPE_SECONDS} s, Node ${process.version}`,
        `promtool check config monitoring/prometheus.yml: ${failures.some((f) => f.startsWith('promtool')) ? 'FAILED' : 'valid'}`,
        '',
        table(['job', 'scraped', 'health'], targetRows),
        '',
        table(['count', 'caused', 'sum(series) in Prometheus', `sum(increase(series[${range}]))`], countRows),
        '',
        `Dashboard queries, instant, with ${substituted}:`,
        '',
        table(['panel', 'query', 'result'], queryRows),
        '',
        failures.length === 0
          ? `All passed: ${jobs.length} targets up, ${counts.length} counts as caused, ${queryRows.length} queries with data.`
          : `FAILED (${failures.length}):\n${failures.map((failure) => `  - ${failure}`).join('\n')}`,
        '',
      ].join('\n'),
    );
    // The processes' output helps with a target down or a count off, not with a query the dashboard got wrong.
    state.showLogs = failures.some((failure) => !queryFailures.has(failure));
    process.exitCode = failures.length === 0 ? 0 : 1;
  } catch (error) {
    log(error.stack ?? String(error));
    state.showLogs = true;
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

function once(run) {
  let running;
  return () => (running ??= run());
}

/** Stops what the run started and removes what it made: processes, sinks, database, Redis keys, files. */
async function cleanUp(state) {
  cleaningUp = true;
  const { api, worker, prometheus } = state.processes;
  await Promise.all([stop(api), stop(worker), stop(prometheus)]);
  await Promise.all(Object.values(state.sinks).map((sink) => closeServer(sink.server)));
  if (state.database) {
    await within(15_000, adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)).catch((error) =>
      log(`could not drop ${DATABASE}: ${error.message}`),
    );
  }
  if (state.redis) {
    await within(15_000, deleteRedisKeys(REDIS_URL, PREFIX)).catch((error) =>
      log(`could not delete ${PREFIX}:* keys: ${error.message}`),
    );
  }
  if (state.showLogs) {
    for (const name of ['api', 'worker', 'prometheus']) {
      const lines = readLog(join(state.work, `${name}.log`))
        .trimEnd()
        .split('\n')
        .slice(-15);
      if (lines.join('').trim()) log(`the last lines of ${name}'s output:\n${lines.join('\n')}`);
    }
  }
  rmSync(state.work, { recursive: true, force: true });
}

/** `promise`, or a rejection after `ms` (PostgreSQL or Redis unreachable must not hang the clean-up). */
function within(ms, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readLog(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(process.exitCode ?? 0);
}
