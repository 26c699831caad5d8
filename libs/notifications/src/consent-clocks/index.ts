export * from './consent-expiry.job.js';
export * from './consent-expiry.handler.js';
export * from './consent-expiry-scheduler.channel.js';
export * from './consent-clocks.service.js';
export * from './consent-expiry-clock.source.js';
