export * from './clock-source.js';
export * from './clock-reconciler.service.js';
export * from './clock-reconcile.runner.js';
