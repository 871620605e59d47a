/**
 * Every use case the server offers: the desk's declarations and the mail layer's (which the desk
 * may not import: src/mail/api.ts). Routes and the OpenAPI document both come from this one list.
 */
import type { UseCase } from '../desk/api/declare.js';
import { USE_CASES } from '../desk/api/registry.js';
import { MAIL_USE_CASES } from '../mail/api.js';

export const SERVED: readonly UseCase<any, any>[] = [...USE_CASES, ...MAIL_USE_CASES];
