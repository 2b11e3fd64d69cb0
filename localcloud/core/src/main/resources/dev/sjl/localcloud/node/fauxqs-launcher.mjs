// Starts fauxqs (SQS + SNS in one process, so a topic fans out into queues the SQS client sees) on loopback only.
// fauxqs' own startFauxqs() listens on every interface; buildApp() + listen() lets us choose 127.0.0.1.
// It also answers SQS's query protocol, which fauxqs lacks and older clients still send (sqs-query-protocol.mjs).
// Usage: node fauxqs-launcher.mjs PORT (0 = let the OS pick)
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ready, fail } = require('./watchdog.cjs');

// Fastify loads its JSON-schema compilers (ajv and fast-json-stringify, about 80 ms of CPU) as each app is created, but
// calls them only for a route or reply with a schema, and fauxqs has none: they are loaded on that first call instead.
// Fastify requires them by name; a stand-in in the module cache answers for each until then.
const fastifyRequire = createRequire(require.resolve('fastify'));
for (const id of ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']) {
  const file = fastifyRequire.resolve(id);
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = (...selectorArgs) => {
    let build;
    return (...args) => {
      if (!build) {
        delete Module._cache[file];
        build = fastifyRequire(id)(...selectorArgs);
      }
      return build(...args);
    };
  };
  Module._cache[file] = standIn;
}

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
