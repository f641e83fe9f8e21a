// What other packages use of the launcher: the embedded PostgreSQL's access check (the test kit
// starts the same server and meets the same folders).
export { embeddedPostgresBinary, postgresAccessProblem } from './postgres-access.js';
