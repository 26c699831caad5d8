import { Foundation1764165600000 } from './1764165600000-foundation.js';

/** Every migration, in order. A new migration is added here as well as to this folder. */
export const MIGRATIONS = [Foundation1764165600000];
