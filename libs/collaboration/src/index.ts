export * from './collaboration.module.js';
export * from './shared/plan-reviser.js';
export * from './shared/ecomap-sources.js';
export * from './shared/collaboration-shared.module.js';
export * from './plans/index.js';
