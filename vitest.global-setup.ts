import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '@souk/testkit';

/** One PostgreSQL server for the whole run; every test file creates its own databases on it. */
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  project.provide('databaseServerUrl', postgres.url);
  return () => postgres.stop();
}
