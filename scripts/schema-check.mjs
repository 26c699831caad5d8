#!/usr/bin/env node
// schema:check — catches breaking changes to the committed GraphQL contract (schema.gql).
//
//   npm run schema:check                 the default range (below)
//   npm run schema:check -- <git ref>    every change of schema.gql since <ref>
//   SCHEMA_BASE=<git ref> npm run schema:check
//
// Which versions are compared. Runs in the git repository of the current directory. A base commit is
// chosen, then every commit on the first-parent history from the base to HEAD that changed schema.gql
// (merges count as one change against their first parent) is compared with the version before it, one
// pair at a time, so a break inside a submission of several commits is caught even when a later commit
// hides it. When the working tree's schema.gql differs from HEAD's, it is compared last ("working tree").
// The base is, in this order:
//   1. SCHEMA_BASE, or the first argument, when given: the merge base of that ref and HEAD.
//   2. The upstream of main (`main@{upstream}`, else `origin/main`) when it exists and HEAD is ahead of it:
//      the merge base of the two, so exactly the commits not yet on main are checked.
//   3. Otherwise (no remote, or HEAD is main as it landed): the previous change of schema.gql,
//      `git log --first-parent --format=%H -n 2 -- schema.gql` — only the latest landing is checked.
// History that has landed is never checked again by default: a change accepted on main cannot make every
// later run fail. Pass an older base to audit a longer range.
//
// A shallow clone is deepened first (`git fetch --unshallow`) when it has a remote; a base that is not in
// the repository is fetched when there is a remote. When neither works, a warning says what is missing and
// the versions that are available are compared (the report names every pair).
//
// Verdict. Each pair goes through @graphql-inspector/core's diff:
//   - BREAKING changes fail the check (exit 1), each printed with its schema path ("Referral.foo removed"),
//     EXCEPT the removal of a field, argument, enum value or input field that carries @deprecated in the
//     older version of the pair, and the removal of a type that the older version reached only through
//     deprecated fields, arguments and input fields (or through other such types).
//   - DANGEROUS changes (an enum value added, a default changed …) are printed as warnings.
//   - Additions (types, fields, arguments, input fields, enum values) and new deprecations are printed as
//     a list ready for CHANGELOG.md. A new deprecation must be named by its path (`Type.field`) somewhere in
//     CHANGELOG.md, or the check fails; added operations, fields and enum values that it does not name are
//     only pointed out.
// Exit codes: 0 pass, 1 breaking change or unlisted deprecation, 2 cannot run (no repository, no schema).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';

const SCHEMA_FILE = 'schema.gql';
const CHANGELOG_FILE = 'CHANGELOG.md';

class CheckError extends Error {}

function git(args, options = {}) {
  const result = spawnSync('git', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? '').trim() };
}

function gitOut(args) {
  const r = git(args);
  if (!r.ok) throw new CheckError(`git ${args.join(' ')} failed: ${r.err}`);
  return r.out;
}

const short = (sha) => sha.slice(0, 9);
const commitExists = (ref) => git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).ok;
const resolveCommit = (ref) => gitOut(['rev-parse', '--verify', `${ref}^{commit}`]);
const subjectOf = (sha) => git(['log', '-1', '--format=%s', sha]).out;

function preferredRemote() {
  const remotes = git(['remote']).out.split('\n').filter(Boolean);
  return remotes.includes('origin') ? 'origin' : remotes[0];
}

/** Makes the history complete where that is possible; otherwise adds warnings saying what stays missing. */
function ensureFullHistory(notes, warnings) {
  if (git(['rev-parse', '--is-shallow-repository']).out !== 'true') return;
  const remote = preferredRemote();
  if (remote) {
    const fetched = git(['fetch', '--quiet', '--unshallow', remote]);
    if (fetched.ok) {
      notes.push(`shallow clone: fetched the full history with \`git fetch --unshallow ${remote}\``);
      return;
    }
    warnings.push(`shallow clone: \`git fetch --unshallow ${remote}\` failed (${fetched.err.split('\n')[0]})`);
  } else {
    warnings.push('shallow clone without a remote: history before the clone depth cannot be fetched');
  }
  const shallowFile = gitOut(['rev-parse', '--git-path', 'shallow']);
  const boundary = fs.existsSync(shallowFile) ? fs.readFileSync(shallowFile, 'utf8').trim().split('\n').map(short) : [];
  warnings.push(
    `history ends at ${boundary.join(', ') || 'the clone depth'}; only the versions of ${SCHEMA_FILE} from there on are compared`,
  );
}

/** `ref` as a local commit, fetching it from the remote when missing; null (with a warning) if impossible. */
function ensureCommit(ref, notes, warnings) {
  if (commitExists(ref)) return resolveCommit(ref);
  const remote = preferredRemote();
  if (remote) {
    const all = git(['fetch', '--quiet', remote]);
    if (!commitExists(ref)) git(['fetch', '--quiet', remote, ref]);
    if (commitExists(ref)) {
      notes.push(`fetched ${ref} from ${remote}`);
      return resolveCommit(ref);
    }
    warnings.push(
      `base ${ref} is not in this repository and could not be fetched from ${remote}${all.ok ? '' : ` (${all.err.split('\n')[0]})`}`,
    );
  } else {
    warnings.push(`base ${ref} is not in this repository and there is no remote to fetch it from`);
  }
  return null;
}

function upstreamOfMain() {
  for (const ref of ['main@{upstream}', 'refs/remotes/origin/main']) {
    const r = git(['rev-parse', '--verify', '--quiet', '--symbolic-full-name', ref]);
    if (r.ok && r.out && commitExists(r.out)) return r.out.replace(/^refs\/remotes\//, '');
  }
  return null;
}

function previousLanding() {
  const shas = git(['log', '--first-parent', '--format=%H', '-n', '2', '--', SCHEMA_FILE])
    .out.split('\n')
    .filter(Boolean);
  return shas.length === 2 ? shas[1] : null;
}

/** Chooses the base commit and says why. */
function chooseBase(explicit, notes, warnings) {
  const head = resolveCommit('HEAD');
  if (explicit) {
    const base = ensureCommit(explicit, notes, warnings);
    if (base) {
      const mergeBase = git(['merge-base', base, head]);
      if (!mergeBase.ok) {
        warnings.push(`${explicit} and HEAD have no common history here; comparing from ${explicit} itself`);
        return { base, why: `${explicit} (given)` };
      }
      const why = mergeBase.out === base ? `${explicit} (given)` : `the merge base of ${explicit} (given) and HEAD`;
      return { base: mergeBase.out, why };
    }
    warnings.push('falling back to the previous change of schema.gql');
  } else {
    const upstream = upstreamOfMain();
    if (upstream) {
      const upstreamSha = resolveCommit(upstream);
      const mergeBase = git(['merge-base', upstreamSha, head]);
      if (upstreamSha !== head && mergeBase.ok && mergeBase.out !== head) {
        return { base: mergeBase.out, why: `the merge base of HEAD and ${upstream}` };
      }
      if (upstreamSha !== head && !mergeBase.ok) {
        warnings.push(
          `HEAD and ${upstream} have no common history here; falling back to the previous change of ${SCHEMA_FILE}`,
        );
      }
    }
  }
  const previous = previousLanding();
  if (!previous) return { base: null, why: `no earlier version of ${SCHEMA_FILE} in this history` };
  return {
    base: previous,
    why: `the previous change of ${SCHEMA_FILE} (git log --first-parent -n 2 -- ${SCHEMA_FILE})`,
  };
}

/** Blob ids of schema.gql at each commit (null where the file is absent), in one git call. */
function schemaBlobs(commits) {
  if (commits.length === 0) return [];
  const out = execFileSync('git', ['cat-file', '--batch-check'], {
    input: commits.map((c) => `${c}:${SCHEMA_FILE}\n`).join(''),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .trim()
    .split('\n')
    .map((line) => (line.endsWith(' missing') ? null : line.split(' ')[0]));
}

/** The successive versions of schema.gql from the base to HEAD (and the working tree). */
function versionsSince(base, root) {
  const commits = base
    ? gitOut(['rev-list', '--first-parent', '--reverse', `${base}..HEAD`])
        .split('\n')
        .filter(Boolean)
    : [];
  const ordered = base ? [base, ...commits] : [resolveCommit('HEAD')];
  const blobs = schemaBlobs(ordered);
  const versions = [];
  ordered.forEach((sha, i) => {
    if (i === 0 || blobs[i] !== versions.at(-1).blob) {
      versions.push({ label: short(sha), subject: subjectOf(sha), blob: blobs[i] });
    }
  });
  const worktreeFile = path.join(root, SCHEMA_FILE);
  if (fs.existsSync(worktreeFile)) {
    const blob = git(['hash-object', '--', worktreeFile]).out;
    if (blob !== versions.at(-1).blob) {
      versions.push({ label: 'working tree', subject: `uncommitted ${SCHEMA_FILE}`, blob, file: worktreeFile });
    }
  }
  return versions;
}

/** The schema of a version: { schema } (null when the file is absent), or { error } when it does not parse. */
function loadSchema(version) {
  if (!version.blob) return { schema: null };
  const sdl = version.file ? fs.readFileSync(version.file, 'utf8') : gitOut(['cat-file', 'blob', version.blob]);
  try {
    return { schema: buildSchema(sdl) };
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
}

/**
 * The base version, or, when schema.gql at the base does not parse (a stray log line committed with it),
 * the nearest earlier version on the first-parent history that does.
 */
function loadBase(version, base, warnings) {
  const loaded = loadSchema(version);
  if (!loaded.error) return { version, schema: loaded.schema };
  const earlier = gitOut(['rev-list', '--first-parent', '--max-count=500', `${base}~1`])
    .split('\n')
    .filter(Boolean);
  const blobs = schemaBlobs(earlier);
  for (let i = 0; i < earlier.length; i++) {
    if (!blobs[i] || blobs[i] === version.blob) continue;
    const candidate = { label: short(earlier[i]), subject: subjectOf(earlier[i]), blob: blobs[i] };
    const parsed = loadSchema(candidate);
    if (!parsed.error) {
      warnings.push(
        `${SCHEMA_FILE} at the base ${version.label} is not valid GraphQL (${loaded.error}); comparing from ${candidate.label} instead`,
      );
      return { version: candidate, schema: parsed.schema };
    }
  }
  throw new CheckError(
    `${SCHEMA_FILE} at the base ${version.label} is not valid GraphQL (${loaded.error}), nor any earlier version`,
  );
}

// ---- Deprecations -------------------------------------------------------------------------------------

const isDeprecated = (item) => item != null && item.deprecationReason != null;

/** Every deprecatable member of a schema: path → deprecation reason (null when not deprecated). */
function deprecatables(schema) {
  const members = new Map();
  if (!schema) return members;
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        members.set(`${type.name}.${field.name}`, field.deprecationReason ?? null);
        for (const arg of field.args)
          members.set(`${type.name}.${field.name}.${arg.name}`, arg.deprecationReason ?? null);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        members.set(`${type.name}.${field.name}`, field.deprecationReason ?? null);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) members.set(`${type.name}.${value.name}`, value.deprecationReason ?? null);
    }
  }
  return members;
}

/** Members deprecated in `newer` that were not deprecated (or did not exist) in `older`. */
function newDeprecations(older, newer) {
  const before = deprecatables(older);
  return [...deprecatables(newer)]
    .filter(([memberPath, reason]) => reason != null && before.get(memberPath) == null)
    .map(([memberPath, reason]) => ({ path: memberPath, reason }));
}

/** The member of `schema` at a change path (Type.field, Type.field.arg, Enum.VALUE, Input.field). */
function memberAt(schema, changePath) {
  const [typeName, memberName, argName] = changePath.split('.');
  const type = schema?.getType(typeName);
  if (!type || !memberName) return null;
  if (isEnumType(type)) return type.getValue(memberName) ?? null;
  if (!(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return null;
  const field = type.getFields()[memberName];
  if (!field || argName === undefined) return field ?? null;
  return field.args?.find((a) => a.name === argName) ?? null;
}

const DEPRECATABLE_REMOVALS = new Set([
  ChangeType.FieldRemoved,
  ChangeType.FieldArgumentRemoved,
  ChangeType.EnumValueRemoved,
  ChangeType.InputFieldRemoved,
]);

/**
 * Removed types that `older` reached only through deprecated members: every reference to the type (a field's
 * type, an argument's type, an input field's type, a union member, an implemented interface) is a deprecated
 * member, or sits inside another such removed type. A removed type with no reference at all does not qualify.
 */
function typesRemovedAfterDeprecation(older, newer) {
  const removed = Object.keys(older.getTypeMap()).filter((name) => !name.startsWith('__') && !newer.getType(name));
  const references = new Map(removed.map((name) => [name, []]));
  const refer = (target, from, deprecated) => references.get(getNamedType(target).name)?.push({ from, deprecated });
  for (const type of Object.values(older.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const iface of type.getInterfaces()) refer(iface, type.name, false);
      for (const field of Object.values(type.getFields())) {
        refer(field.type, type.name, isDeprecated(field));
        for (const arg of field.args) refer(arg.type, type.name, isDeprecated(field) || isDeprecated(arg));
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) refer(field.type, type.name, isDeprecated(field));
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) refer(member, type.name, false);
    }
  }
  const allowed = new Set(removed.filter((name) => references.get(name).length > 0));
  for (let changed = true; changed;) {
    changed = false;
    for (const name of allowed) {
      const blocked = references
        .get(name)
        .some((ref) => !ref.deprecated && !(allowed.has(ref.from) && ref.from !== name));
      if (blocked) {
        allowed.delete(name);
        changed = true;
      }
    }
  }
  return allowed;
}

// ---- Comparing one pair ---------------------------------------------------------------------------------

const ADDITIONS = new Set([
  ChangeType.TypeAdded,
  ChangeType.FieldAdded,
  ChangeType.FieldArgumentAdded,
  ChangeType.InputFieldAdded,
  ChangeType.EnumValueAdded,
  ChangeType.UnionMemberAdded,
  ChangeType.ObjectTypeInterfaceAdded,
  ChangeType.DirectiveAdded,
]);

/** One line for a change: its schema path and what happened, then inspector's own sentence. */
function describe(change) {
  const what = change.type.endsWith('_REMOVED') ? 'removed' : change.type.endsWith('_ADDED') ? 'added' : 'changed';
  return change.path ? `${change.path} ${what} — ${change.message}` : change.message;
}

async function comparePair(older, newer) {
  const changes = await diff(older, newer);
  const deprecatedTypes = older && newer ? typesRemovedAfterDeprecation(older, newer) : new Set();
  const result = {
    breaking: [],
    removedAfterDeprecation: [],
    dangerous: [],
    additions: [],
    deprecations: [],
    other: 0,
  };
  for (const change of changes) {
    const level = change.criticality.level;
    if (level === CriticalityLevel.Breaking) {
      const oldMember = DEPRECATABLE_REMOVALS.has(change.type) && change.path ? memberAt(older, change.path) : null;
      if (isDeprecated(oldMember)) {
        result.removedAfterDeprecation.push({ path: change.path, reason: oldMember.deprecationReason });
      } else if (change.type === ChangeType.TypeRemoved && deprecatedTypes.has(change.path)) {
        result.removedAfterDeprecation.push({ path: change.path, reason: 'reached only through deprecated fields' });
      } else {
        result.breaking.push(describe(change));
      }
      continue;
    }
    if (level === CriticalityLevel.Dangerous) result.dangerous.push(describe(change));
    if (ADDITIONS.has(change.type) && change.path) result.additions.push({ path: change.path, type: change.type });
    else if (level === CriticalityLevel.NonBreaking) result.other += 1;
  }
  // Members of an added type, and arguments of an added field, are part of that addition.
  const added = new Set(result.additions.map((a) => a.path));
  result.additions = result.additions.filter((a) => {
    const parts = a.path.split('.');
    return parts.length === 1 || !added.has(parts.slice(0, -1).join('.'));
  });
  result.deprecations = older ? newDeprecations(older, newer) : [];
  return result;
}

// ---- Main ---------------------------------------------------------------------------------------------

function changelogMentions(root) {
  const file = path.join(root, CHANGELOG_FILE);
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const named = (word) => new RegExp(`(^|[^A-Za-z0-9_.])${word.replace(/\./g, '\\.')}(?![A-Za-z0-9_])`, 'm').test(text);
  // An operation may be named alone (`createReferral`); anything else by its path (`Referral.summary`).
  const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);
  return (memberPath) => {
    const [typeName, ...rest] = memberPath.split('.');
    return named(memberPath) || (ROOTS.has(typeName) && rest.length === 1 && text.includes(`\`${rest[0]}`));
  };
}

async function main() {
  const root = git(['rev-parse', '--show-toplevel']);
  if (!root.ok) throw new CheckError(`not inside a git repository (${root.err}); nothing to compare`);
  process.chdir(root.out);
  if (!commitExists('HEAD')) throw new CheckError('the repository has no commits yet');

  const notes = [];
  const warnings = [];
  ensureFullHistory(notes, warnings);
  const explicit = process.argv[2] || process.env.SCHEMA_BASE || '';
  const { base, why } = chooseBase(explicit, notes, warnings);
  const versions = versionsSince(base, root.out);
  if (!versions.at(-1).blob) throw new CheckError(`${SCHEMA_FILE} is not in HEAD nor in the working tree`);

  console.log(`schema:check — base ${base ? short(base) : '(none)'}: ${why}`);
  for (const note of notes) console.log(`  note: ${note}`);
  for (const warning of warnings) console.warn(`  WARNING: ${warning}`);
  if (versions.length < 2) {
    console.log(`No change of ${SCHEMA_FILE} to compare${base ? ` since ${short(base)}` : ''}.`);
    if (!base) console.warn(`  WARNING: only one version of ${SCHEMA_FILE} is available, so nothing was compared.`);
    return 0;
  }

  const totals = { breaking: 0, dangerous: 0, additions: [], deprecations: [], removed: [] };
  let { version: olderVersion, schema: older } = loadBase(versions[0], base, warnings);
  for (const warning of warnings.splice(0)) console.warn(`  WARNING: ${warning}`);
  console.log(`Compared ${versions.length - 1} change(s) of ${SCHEMA_FILE}, one pair at a time:`);
  for (const version of versions.slice(1)) {
    console.log(`\n${olderVersion.label} → ${version.label}  ${version.subject}`);
    const { schema: newer, error } = loadSchema(version);
    if (error || !newer) {
      // The next version is compared with the last one that was valid.
      console.log(`  BREAKING: ${SCHEMA_FILE} ${error ? `is not valid GraphQL: ${error}` : 'removed'}`);
      totals.breaking += 1;
      continue;
    }
    const r = await comparePair(older, newer);
    const counts = [
      `${r.additions.length} addition(s)`,
      `${r.deprecations.length} deprecation(s)`,
      `${r.removedAfterDeprecation.length} removal(s) after deprecation`,
      `${r.dangerous.length} dangerous`,
      `${r.breaking.length} breaking`,
    ];
    if (r.other) counts.push(`${r.other} description or directive change(s)`);
    console.log(`  ${counts.join(', ')}`);
    for (const line of r.breaking) console.log(`  BREAKING: ${line}`);
    for (const line of r.dangerous) console.log(`  warning (dangerous): ${line}`);
    for (const item of r.removedAfterDeprecation) {
      console.log(`  removed after deprecation: ${item.path} (${item.reason})`);
    }
    totals.breaking += r.breaking.length;
    totals.dangerous += r.dangerous.length;
    totals.additions.push(...r.additions);
    totals.deprecations.push(...r.deprecations);
    totals.removed.push(...r.removedAfterDeprecation);
    older = newer;
    olderVersion = version;
  }

  const mentions = changelogMentions(root.out);
  const unlisted = (name) => (mentions && !mentions(name) ? '   (not named in CHANGELOG.md)' : '');
  // New types, input fields and arguments come with the operations and fields that use them: only operations,
  // fields and enum values are pointed out when CHANGELOG.md does not name them.
  const POINTED_OUT = new Set([ChangeType.FieldAdded, ChangeType.EnumValueAdded]);
  const deprecationsMissing = mentions ? totals.deprecations.filter((d) => !mentions(d.path)) : [];
  if (totals.additions.length + totals.deprecations.length + totals.removed.length > 0) {
    console.log('\nFor CHANGELOG.md, ## [Unreleased]:');
    const section = (title, lines) => {
      if (lines.length === 0) return;
      console.log(`### ${title}`);
      for (const line of lines) console.log(line);
    };
    section(
      'Added',
      [...new Map(totals.additions.map((a) => [a.path, a])).values()].map(
        (a) => `- \`${a.path}\`${POINTED_OUT.has(a.type) ? unlisted(a.path) : ''}`,
      ),
    );
    section(
      'Deprecated',
      totals.deprecations.map((d) => `- \`${d.path}\`: ${d.reason}${unlisted(d.path)}`),
    );
    section(
      'Removed',
      totals.removed.map((d) => `- \`${d.path}\` (deprecated: ${d.reason})${unlisted(d.path)}`),
    );
  }
  if (!mentions) console.warn(`  WARNING: no ${CHANGELOG_FILE}; deprecations are not checked against it`);

  console.log('');
  if (totals.dangerous > 0) console.log(`${totals.dangerous} dangerous change(s): read the warnings above.`);
  let failed = false;
  if (totals.breaking > 0) {
    console.error(
      `schema:check FAILED: ${totals.breaking} breaking change(s). Deprecate first (@deprecated with a reason) and remove in a later release.`,
    );
    failed = true;
  }
  if (deprecationsMissing.length > 0) {
    console.error(
      `schema:check FAILED: deprecation(s) not named in ${CHANGELOG_FILE}: ${deprecationsMissing.map((d) => d.path).join(', ')}`,
    );
    failed = true;
  }
  if (!failed) console.log('schema:check passed: no breaking change.');
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`schema:check could not run: ${error instanceof CheckError ? error.message : error.stack}`);
    process.exitCode = 2;
  },
);
