export * from './channel-preferences.js';
export * from './event-patterns.js';
export * from './dto/notification-preference.model.js';
export * from './dto/set-notification-preferences.input.js';
export * from './notification-preferences.service.js';
export * from './notification-preferences.resolver.js';
export * from './notification-preferences.module.js';
