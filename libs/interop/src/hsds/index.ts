export * from './hsds.module.js';
export * from './hsds.controller.js';
export * from './hsds.service.js';
export * from './hsds-ids.js';
export * from './hsds-mapping.js';
export * from './hsds-paging.js';
export * from './hsds-taxonomies.js';
export type * from './hsds-types.js';
