import { Counters1764000000000 } from './1764000000000-counters.js';

/** Every migration, oldest first. Never edit one that has been released; add a new one. */
export const migrations = [Counters1764000000000];
