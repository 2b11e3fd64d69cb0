// Modules that an emulator's dependencies require as they load but call only later, if ever: a stand-in in the module
// cache answers for each until it is used, and then the real module loads. Shared by the launchers.
'use strict';
const Module = require('node:module');

/** `create()`, called the first time the returned function is, and its result kept for every later call. */
function once(create) {
  let made;
  return () => (made ??= create());
}

/** Stands in for `id` as required from the file `from`; `standInFor(load)` makes the stand-in's exports. */
function onFirstUse(from, id, standInFor) {
  const requireFrom = Module.createRequire(from);
  const file = requireFrom.resolve(id);
  const load = once(() => {
    delete Module._cache[file];
    return requireFrom(id);
  });
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = standInFor(load);
  Module._cache[file] = standIn;
}

/** For a module whose exports are an object read only when used: it loads on the first look at them. */
function objectOnFirstUse(from, id) {
  onFirstUse(from, id, (load) => new Proxy({}, {
    get: (target, name) => Reflect.get(load(), name),
    has: (target, name) => Reflect.has(load(), name),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (target, name) => Reflect.getOwnPropertyDescriptor(load(), name),
  }));
}

module.exports = { once, onFirstUse, objectOnFirstUse };
