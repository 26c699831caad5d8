// Module hooks: `.ts` files compiled by @swc/core as ES modules, `./x.js` imports of TypeScript sources resolved
// to `./x.ts`, and the `@tsunagu/client` path alias of tsconfig.json resolved to libs/client.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import swc from '@swc/core';

const client = new URL('../../libs/client/src/', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@tsunagu/client') return { url: new URL('index.ts', client).href, shortCircuit: true };
  if (specifier.startsWith('@tsunagu/client/')) {
    return { url: new URL(specifier.slice('@tsunagu/client/'.length), client).href, shortCircuit: true };
  }
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await swc.transform(await readFile(path, 'utf8'), {
    filename: path,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
