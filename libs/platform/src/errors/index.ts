export * from './error-code.js';
export * from './domain-error.js';
export * from './graphql-error-formatter.js';
export * from './graphql-exception.filter.js';
export * from './accept-language.js';
export * from './messages.ja.js';
