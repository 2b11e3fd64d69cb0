// Starts dynalite (DynamoDB on an in-memory LevelDB) behind the local cloud's DynamoDB layer
// (dynamodb-extensions.mjs: transactions, TTL deletion, Streams), on loopback only.
// Usage: node dynalite-launcher.mjs PORT (0 = let the OS pick)
import { createRequire } from 'node:module';
import { createDynamoDb } from './dynamodb-extensions.mjs';

const require = createRequire(import.meta.url);
const { ready, fail } = require('./watchdog.cjs');

const port = Number.parseInt(process.argv[2] ?? '0', 10);
try {
  const server = createDynamoDb();
  server.on('error', fail);
  server.listen(port, '127.0.0.1', () => ready(server.address().port));
} catch (err) {
  fail(err);
}
