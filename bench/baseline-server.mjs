// The bare Fastify JSON baseline for the catalog benchmark: one route that returns, as a plain
// object (serialized by Fastify per request), the same catalog page the product service returns.
// Usage: node baseline-server.mjs <port> <file with the JSON body>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, bodyFile] = process.argv.slice(2);
const page = JSON.parse(readFileSync(bodyFile, 'utf8'));
const app = Fastify({ logger: false });
app.get('/api/products', async () => page);
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.send?.('ready');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
