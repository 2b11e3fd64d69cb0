// Starts fauxqs (SQS + SNS in one process, so a topic fans out into queues the SQS client sees) on loopback only.
// fauxqs' own startFauxqs() listens on every interface; buildApp() + listen() lets us choose 127.0.0.1.
// It also answers SQS's query protocol, which fauxqs lacks and older clients still send (sqs-query-protocol.mjs).
// Usage: node fauxqs-launcher.mjs PORT (0 = let the OS pick)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ready, fail } = require('./watchdog.cjs');
const { once, onFirstUse, objectOnFirstUse } = require('./on-first-use.cjs');

// Loaded on first use, not at start, since fauxqs never calls them (about 0.1 s of CPU together).
const fastify = require.resolve('fastify');
// The JSON-schema compilers (ajv, fast-json-stringify): one of each is made per app, and called only for a route or
// reply with a schema, which fauxqs has none of.
for (const id of ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']) {
  onFirstUse(fastify, id, (load) => (...selectorArgs) => {
    const build = once(() => load()(...selectorArgs));
    return (...args) => build()(...args);
  });
}
// semver: fastify checks with it the Fastify version a plugin declares, and fauxqs registers no plugin.
objectOnFirstUse(fastify, 'semver');

const { buildApp } = await import('fauxqs');
const { installSqsQueryProtocol } = await import('./sqs-query-protocol.mjs');

const port = Number.parseInt(process.argv[2] ?? '0', 10);
try {
  const app = buildApp({ logger: process.env.LOCALCLOUD_DEBUG === '1', defaultRegion: 'us-east-1' });
  installSqsQueryProtocol(app);
  await app.listen({ port, host: '127.0.0.1' });
  ready(app.server.address().port);
} catch (err) {
  fail(err);
}
