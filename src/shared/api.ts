/**
 * The Stream Studio API contract, as one import: the channel table with its request schemas (`channels.ts`), the
 * payload types (`api-types.ts`), errors and envelopes (`api-errors.ts`), channel and event names
 * (`channel-names.ts`) and the client object `window.studio` (`studio-api.ts`). A barrel only: the modules it
 * gathers do not import it, so there is no cycle between the contract and the client.
 */
export * from './api-types';
export * from './api-errors';
export * from './channel-names';
export * from './channels';
export * from './studio-api';
