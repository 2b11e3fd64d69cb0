// Starts fauxqs (SQS + SNS in one process, so a topic fans out into queues the SQS client sees) on loopback only.
// fauxqs' own startFauxqs() listens on every interface; buildApp() + listen() lets us choose 127.0.0.1.
// It also answers SQS's query protocol, which fauxqs lacks and older clients still send (sqs-query-protocol.mjs).
// Usage: node fauxqs-launcher.mjs PORT (0 = let the OS pick)
import Module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ready, fail } = require('./watchdog.cjs');

// Loaded on first use, not at start, since fauxqs never calls them (about 0.1 s of CPU together): fastify requires
// each by name when it loads or builds an app, and a stand-in in the module cache answers for it until it is used.
const fastifyRequire = createRequire(require.resolve('fastify'));
function onFirstUse(id, standInFor) {
  const file = fastifyRequire.resolve(id);
  let real;
  const load = () => {
    if (!real) {
      delete Module._cache[file];
      real = fastifyRequire(id);
    }
    return real;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = standInFor(load);
  Module._cache[file] = standIn;
}
// The JSON-schema compilers (ajv, fast-json-stringify): one of each is made per app, and called only for a route or
// reply with a schema, which fauxqs has none of.
for (const id of ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler']) {
  onFirstUse(id, (load) => (...selectorArgs) => {
    let build;
    return (...args) => (build ??= load()(...selectorArgs))(...args);
  });
}
// semver: fastify checks with it the Fastify version a plugin declares, and fauxqs registers no plugin.
onFirstUse('semver', (load) => new Proxy({}, {
  get: (target, name) => Reflect.get(load(), name),
  has: (target, name) => Reflect.has(load(), name),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (target, name) => Reflect.getOwnPropertyDescriptor(load(), name),
}));

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
