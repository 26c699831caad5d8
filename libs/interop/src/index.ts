/**
 * Interoperability: the hub's records in the standards other systems speak — FHIR R4 (`/fhir`) and Open
 * Referral HSDS 3.0 (`/hsds`) — served beside the GraphQL API with the same API keys, scopes and privacy rules.
 */
export * from './fhir/fhir.module.js';
export * from './fhir/fhir-errors.js';
export * from './fhir/fhir-mappers.js';
export * from './fhir/fhir-types.js';
export * from './hsds/index.js';
