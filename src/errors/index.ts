export { PilotError, isPilotError, type PilotErrorContext } from './pilot-error.js';
