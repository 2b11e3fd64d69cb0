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

/**
 * For a module that a bundled dependency reads through esbuild's `__toESM(require(id))`: that helper asks for
 * `__esModule` and copies a getter for each export name it lists, all before any export is used. The stand-in answers
 * both from `names` (the module's export names, which must be exactly its own) and loads the module when a getter is
 * first read; a version whose names differ fails there, naming them, rather than hiding an export.
 */
function namespaceOnFirstUse(from, id, names) {
  onFirstUse(from, id, (load) => {
    const checked = once(() => {
      const real = load();
      const actual = Object.keys(real).sort().join(',');
      if (actual !== [...names].sort().join(',')) {
        throw new Error(`on-first-use: ${id} exports ${actual}, not ${names.join(',')}: update the launcher that lists them`);
      }
      return real;
    });
    return new Proxy({}, {
      get: (target, name) => (name === '__esModule' ? undefined : Reflect.get(checked(), name)),
      has: (target, name) => names.includes(name),
      ownKeys: () => [...names],
      getOwnPropertyDescriptor: (target, name) => (names.includes(name)
        ? { configurable: true, enumerable: true, get: () => Reflect.get(checked(), name) } : undefined),
    });
  });
}

module.exports = { once, onFirstUse, objectOnFirstUse, namespaceOnFirstUse };
