import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
  }
}

/** The PostgreSQL server started once for the whole test run (see vitest.global-setup.ts). */
export function testDatabaseServerUrl(): string {
  return inject('databaseServerUrl');
}
