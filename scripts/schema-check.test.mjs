// Tests for scripts/schema-check.mjs:  node --test scripts/schema-check.test.mjs
// Each test builds a throw-away git repository with a sequence of schema.gql commits and runs the check in it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const SCRIPT = path.join(import.meta.dirname, 'schema-check.mjs');
const tempDirs = [];

after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// Git's own variables (set when run from a hook) would point git at this repository instead of the temp one.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_') && k !== 'SCHEMA_BASE'),
);
Object.assign(env, {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
});

function tempDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `schema-check-${name}-`));
  tempDirs.push(dir);
  return dir;
}

function git(cwd, ...args) {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A repository on branch main with one commit per schema; returns the directory and the commit ids. */
function repoWith(schemas, { files = {} } = {}) {
  const dir = tempDir('repo');
  git(dir, 'init', '-q', '-b', 'main');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  const commits = schemas.map((schema, i) => commit(dir, schema, `schema version ${i + 1}`));
  return { dir, commits };
}

function commit(dir, schema, message) {
  fs.writeFileSync(path.join(dir, 'schema.gql'), schema);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

function check(cwd, { base, args = [] } = {}) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd,
    env: base ? { ...env, SCHEMA_BASE: base } : env,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const V1 = `
type Query { referral(id: ID): Referral, referrals(filter: ReferralFilter): [Referral!]! }
type Referral { id: ID!, foo: String, status: Status! }
input ReferralFilter { status: Status, legacy: Boolean }
enum Status { OPEN CLOSED }
`;

test('a removed field that was not deprecated fails, naming its path', () => {
  const { dir } = repoWith([V1, V1.replace('foo: String, ', '')]);
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /BREAKING: Referral\.foo removed/);
  assert.match(r.out, /FAILED: 1 breaking change/);
});

test('a field deprecated in one commit and removed in a later one passes', () => {
  const deprecated = V1.replace('foo: String', 'foo: String @deprecated(reason: "Use status.")');
  const { dir, commits } = repoWith([V1, deprecated, V1.replace('foo: String, ', '')], {
    files: { 'CHANGELOG.md': '### Deprecated\n- `Referral.foo`: use `status`.\n' },
  });
  const r = check(dir, { base: commits[0] });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /removed after deprecation: Referral\.foo \(Use status\.\)/);
  assert.doesNotMatch(r.out, /BREAKING/);
});

test('deprecated arguments, input fields and enum values may be removed; deprecating in the same commit is too late', () => {
  const deprecated = V1.replace('referral(id: ID)', 'referral(id: ID, old: Int @deprecated(reason: "Unused."))')
    .replace('legacy: Boolean', 'legacy: Boolean @deprecated(reason: "Ignored.")')
    .replace('CLOSED }', 'CLOSED ARCHIVED @deprecated(reason: "Use CLOSED.") }');
  const removed = V1.replace('legacy: Boolean', '');
  const changelog = '- `Query.referral.old`, `ReferralFilter.legacy`, `Status.ARCHIVED`\n';
  const { dir, commits } = repoWith([V1, deprecated, removed], { files: { 'CHANGELOG.md': changelog } });
  const r = check(dir, { base: commits[0] });
  assert.equal(r.status, 0, r.out);
  for (const p of ['Query.referral.old', 'ReferralFilter.legacy', 'Status.ARCHIVED']) {
    assert.match(r.out, new RegExp(`removed after deprecation: ${p.replace(/\./g, '\\.')} `));
  }

  const { dir: sameCommit } = repoWith([V1, removed]);
  const direct = check(sameCommit);
  assert.equal(direct.status, 1, direct.out);
  assert.match(direct.out, /BREAKING: ReferralFilter\.legacy removed/);
});

test('a type reached only through a deprecated field may be removed with it; one still used elsewhere may not', () => {
  const withLegacy = `
type Query { referral: Referral, legacy: Legacy @deprecated(reason: "Gone in 0.3.") }
type Referral { id: ID!, legacy: Legacy @deprecated(reason: "Gone in 0.3.") }
type Legacy { code: String, part: LegacyPart }
type LegacyPart { n: Int }
`;
  const without = 'type Query { referral: Referral }\ntype Referral { id: ID! }\n';
  const { dir } = repoWith([withLegacy, without]);
  const r = check(dir);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /removed after deprecation: Legacy /);
  assert.match(r.out, /removed after deprecation: LegacyPart /);

  const stillUsed = withLegacy.replace('id: ID!,', 'id: ID!, part: LegacyPart,');
  const { dir: used } = repoWith([stillUsed, without]);
  const failed = check(used);
  assert.equal(failed.status, 1, failed.out);
  assert.match(failed.out, /BREAKING: LegacyPart removed/);
  assert.match(failed.out, /BREAKING: Referral\.part removed/);
});

test('an argument whose type becomes required fails', () => {
  const { dir } = repoWith([V1, V1.replace('referral(id: ID)', 'referral(id: ID!)')]);
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /BREAKING: Query\.referral\.id changed — .*'ID' to 'ID!'/);
});

test('additions pass and are listed for the changelog, members of a new type folded into it', () => {
  const added = V1.replace('status: Status! }', 'status: Status!, bar: String, messages: [Message!]! }')
    .replace('referrals(filter', 'inbox: [Referral!]!, referrals(filter')
    .concat('type Message { id: ID!, body: String }\n');
  const { dir } = repoWith([V1, added], { files: { 'CHANGELOG.md': '- `inbox` and `Referral.bar`\n' } });
  const r = check(dir);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /4 addition\(s\)/);
  assert.match(r.out, /^- `Query\.inbox`$/m);
  assert.match(r.out, /^- `Referral\.bar`$/m);
  assert.match(r.out, /^- `Referral\.messages` {3}\(not named in CHANGELOG\.md\)$/m);
  assert.match(r.out, /^- `Message`$/m);
  assert.doesNotMatch(r.out, /`Message\.body`/);
  assert.match(r.out, /schema:check passed/);
});

test('a break in the middle of three commits not yet on origin/main is caught although the last commit undoes it', () => {
  const { dir: upstream } = repoWith([V1]);
  const remote = tempDir('remote');
  git(remote, 'clone', '-q', '--bare', upstream, '.');
  const work = tempDir('work');
  git(work, 'clone', '-q', remote, '.');
  commit(work, V1.replace('status: Status! }', 'status: Status!, bar: String }'), 'add bar');
  commit(
    work,
    V1.replace('foo: String, ', '').replace('status: Status! }', 'status: Status!, bar: String }'),
    'drop foo',
  );
  commit(work, V1.replace('status: Status! }', 'status: Status!, bar: String }'), 'foo is back');
  const r = check(work);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /base [0-9a-f]+: the merge base of HEAD and origin\/main/);
  assert.match(r.out, /Compared 3 change\(s\)/);
  assert.match(r.out, /BREAKING: Referral\.foo removed/);
});

test('history that has already landed is not checked again: only the latest change of schema.gql is', () => {
  const { dir } = repoWith([V1, V1.replace('foo: String, ', ''), V1.replace('foo: String, ', 'bar: Int, ')]);
  const r = check(dir);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /the previous change of schema\.gql/);
  assert.match(r.out, /Compared 1 change\(s\)/);
});

test('a base given as an argument covers every change since it', () => {
  const { dir, commits } = repoWith([V1, V1.replace('foo: String, ', ''), V1.replace('foo: String, ', 'bar: Int, ')]);
  const r = check(dir, { args: [commits[0]] });
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /Compared 2 change\(s\)/);
  assert.match(r.out, /BREAKING: Referral\.foo removed/);
});

test('a new deprecation must be named in CHANGELOG.md', () => {
  const deprecated = V1.replace('foo: String', 'foo: String @deprecated(reason: "Use status.")');
  const { dir } = repoWith([V1, deprecated], { files: { 'CHANGELOG.md': '# Changelog\n' } });
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /deprecation\(s\) not named in CHANGELOG\.md: Referral\.foo/);

  fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), '### Deprecated\n- `Referral.foo`: use `status`.\n');
  const listed = check(dir);
  assert.equal(listed.status, 0, listed.out);
  assert.match(listed.out, /^- `Referral\.foo`: Use status\.$/m);
});

test('an uncommitted breaking change in the working tree is caught', () => {
  const { dir } = repoWith([V1]);
  fs.writeFileSync(path.join(dir, 'schema.gql'), V1.replace('OPEN CLOSED', 'OPEN'));
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /→ working tree/);
  assert.match(r.out, /BREAKING: Status\.CLOSED removed/);
});

test('a version of schema.gql that is not valid GraphQL fails', () => {
  const { dir } = repoWith([V1, `{"level":30,"msg":"starting"}\n${V1}`]);
  const r = check(dir);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /schema\.gql is not valid GraphQL/);
});

test('a shallow clone is deepened from its remote, and says so', () => {
  const { dir } = repoWith([V1, V1.replace('foo: String, ', ''), V1.replace('foo: String, ', 'bar: Int, ')]);
  const shallow = tempDir('shallow');
  git(shallow, 'clone', '-q', '--depth', '1', `file://${dir}`, '.');
  const r = check(shallow);
  assert.match(r.out, /fetched the full history with `git fetch --unshallow origin`/);
  assert.equal(git(shallow, 'rev-parse', '--is-shallow-repository'), 'false');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /Compared 1 change\(s\)/);
});

test('a shallow clone without a remote warns that history is missing and compares what it has', () => {
  const { dir } = repoWith([V1, V1.replace('foo: String, ', ''), V1]);
  const shallow = tempDir('shallow');
  git(shallow, 'clone', '-q', '--depth', '1', `file://${dir}`, '.');
  git(shallow, 'remote', 'remove', 'origin');
  const r = check(shallow);
  assert.match(r.out, /WARNING: shallow clone without a remote/);
  assert.match(r.out, /WARNING: only one version of schema\.gql is available, so nothing was compared/);
  assert.equal(r.status, 0, r.out);

  const missingBase = check(shallow, { base: 'does-not-exist' });
  assert.match(missingBase.out, /WARNING: base does-not-exist is not in this repository and there is no remote/);
});
