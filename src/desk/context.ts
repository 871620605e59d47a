/**
 * What every use case is given: the store and the instant it happens at. "Now" comes from the caller
 * (HELPDESK_NOW or the clock), never from Date.now() inside the desk, so labs and tests are repeatable.
 */
import { isoTime } from '../core/time.js';
import type { Store } from '../store/types.js';

export interface DeskContext {
  store: Store;
  now: Date;
}

/** The instant as the ISO 8601 UTC text that is stored everywhere. */
export const iso = isoTime;
