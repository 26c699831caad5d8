import { type CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for TypeScript partners (libs/client), from the committed schema.gql and the partner
 * operations. `npm run codegen` regenerates libs/client/src/generated/; `--check` fails when it is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['libs/client/src/operations/*.graphql'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'libs/client/src/generated/': {
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
