import { Type } from '@sinclair/typebox';
import { Uuid } from './common.js';

// Client service contracts. HTTP bodies and replies are added beside the events by the client service.

export const clientEvents = {
  /** An administrator deleted a client: the auth service disables the account; orders are kept. */
  'client.deleted': Type.Object({ clientId: Uuid, userId: Uuid }),
};
