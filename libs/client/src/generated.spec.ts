import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import config from '../../../codegen.js';

const root = path.resolve(import.meta.dirname, '../../..');
const codegenBin = path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js');

/** Runs graphql-codegen in check mode: exit code 0 when the committed output is what it would generate. */
async function check(configFile: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [codegenBin, '--config', configFile, '--check'],
      {
        cwd: root,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the generated client (libs/client/src/generated)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tsunagu-codegen-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what codegen.ts generates from the committed schema.gql and operations', async () => {
    const result = await check('codegen.ts');
    expect(result).toMatchObject({ code: 0 });
  }, 60_000);

  it('is reported stale when the schema changes without regeneration', async () => {
    const schema = readFileSync(path.join(root, 'schema.gql'), 'utf8');
    const changed = schema.replace(/^enum ReferralStatus \{\n/m, '$&  PAUSED\n');
    expect(changed).not.toBe(schema);
    writeFileSync(path.join(dir, 'schema.gql'), changed);
    const [output, target] = Object.entries(config.generates)[0] as [string, { documents: string[] }];
    const documents = target.documents.map((glob) => path.join(root, glob));
    writeFileSync(
      path.join(dir, 'codegen.json'),
      JSON.stringify({
        ...config,
        schema: path.join(dir, 'schema.gql'),
        generates: { [path.join(root, output)]: { ...target, documents } },
      }),
    );

    const result = await check(path.join(dir, 'codegen.json'));
    expect(result.code).toBe(1);
    expect(result.output).toContain('libs/client/src/generated/graphql.ts');
  }, 60_000);
});
