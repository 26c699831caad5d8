import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Where a package's file is, for packages whose `exports` do not list their UMD builds. */
function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

export interface GraphiQLAsset {
  contentType: string;
  body: Buffer;
}

/**
 * The IDE's files, served from the installed npm packages (GraphiQL 3's UMD build on React 18), so the IDE works
 * without internet. Read once, on the first request for any of them.
 */
export function graphiqlAssetFiles(): Record<string, { contentType: string; path: string }> {
  const js = 'text/javascript; charset=utf-8';
  return {
    'react.production.min.js': { contentType: js, path: packageFile('react', 'umd/react.production.min.js') },
    'react-dom.production.min.js': {
      contentType: js,
      path: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    },
    'graphiql.min.js': { contentType: js, path: packageFile('graphiql', 'graphiql.min.js') },
    'graphiql.min.css': { contentType: 'text/css; charset=utf-8', path: packageFile('graphiql', 'graphiql.min.css') },
  };
}

export function loadGraphiQLAssets(): Map<string, GraphiQLAsset> {
  const assets = new Map<string, GraphiQLAsset>();
  for (const [name, { contentType, path }] of Object.entries(graphiqlAssetFiles())) {
    assets.set(name, { contentType, body: readFileSync(path) });
  }
  return assets;
}
