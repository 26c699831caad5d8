import { type CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for TypeScript partners (libs/client), from the committed schema.gql and the partner
 * operations, and for the agency console. `npm run codegen` regenerates libs/client/src/generated/ and
 * apps/console/src/gql/; `--check` fails when it is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'libs/client/src/generated/': {
      documents: ['libs/client/src/operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
      },
    },
    // The agency console's operations, written inline with `graphql(...)` from `apps/console/src/gql`.
    'apps/console/src/gql/': {
      documents: ['apps/console/src/**/*.tsx', '!apps/console/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
