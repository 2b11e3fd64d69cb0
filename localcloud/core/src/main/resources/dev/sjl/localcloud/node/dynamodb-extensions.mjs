// What labs 06–07 need from DynamoDB and dynalite 4.0.0 lacks, in dynalite's own process: TransactWriteItems and
// TransactGetItems, Time to Live that really deletes, and DynamoDB Streams (StreamSpecification, the stream in
// DescribeTable, and the DynamoDB Streams API on the same endpoint, as the local cloud serves it).
//
// Every request comes here first. What dynalite does well (items, expressions, indexes, tables) is handed to its own
// request handler in this process, unchanged; this layer adds:
// - a write gate: plain reads and writes share it, a transaction holds it alone, so no other write can land between
//   a transaction's condition checks and its last write (all-or-nothing holds under concurrency too);
// - a change feed: dynalite's item store is wrapped, so every write that really changes an item (PutItem, UpdateItem,
//   DeleteItem, BatchWriteItem, a transaction, a TTL deletion) becomes a stream record with its old and new image;
// - the operations dynalite does not know, answered in the DynamoDB JSON protocol.
//
// Names and shapes follow the DynamoDB and DynamoDB Streams API models (2012-08-10).

import { createRequire } from 'node:module';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import http from 'node:http';

const require = createRequire(import.meta.url);
// dynalite keeps its tables in LevelDB on disk when given a path and in memory-level otherwise. The local cloud never
// gives one, so `level` (classic-level's native binding, about 20 ms of CPU to load) loads only if a path ever is.
require('./on-first-use.cjs').onFirstUse(require.resolve('dynalite/db'), 'level', (load) => ({
  Level: function Level(...args) {
    return new (load().Level)(...args);
  },
}));
const dynalite = require('dynalite');
const db = require('dynalite/db');
const validations = require('dynalite/validations');
const fromDynalite = createRequire(require.resolve('dynalite'));
const crc32 = fromDynalite('buffer-crc32');
const Big = fromDynalite('big.js');

const ACTIONS = {
  put: require('dynalite/actions/putItem'),
  update: require('dynalite/actions/updateItem'),
  delete: require('dynalite/actions/deleteItem'),
};
const CHECKS = {
  put: require('dynalite/validations/putItem'),
  update: require('dynalite/validations/updateItem'),
  delete: require('dynalite/validations/deleteItem'),
  get: require('dynalite/validations/getItem'),
};

const DYNAMODB = 'DynamoDB_20120810.';
const STREAMS = 'DynamoDBStreams_20120810.';
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const MAX_TRANSACT_ITEMS = 100;
const TOKEN_TTL_MS = 10 * 60 * 1000; // ClientRequestToken: "valid for 10 minutes after the first request that uses it is completed"
const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000; // stream records (and a disabled stream) are kept 24 hours
const ITERATOR_TTL_MS = 15 * 60 * 1000; // a shard iterator expires 15 minutes after it is returned
const FIVE_YEARS_S = 5 * 365 * 24 * 60 * 60; // TTL ignores expiry times more than five years in the past
const TTL_IDENTITY = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' };
const STREAM_VIEW_TYPES = ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'];

class ApiError extends Error {
  constructor(type, message, extra = {}, coral = false) {
    super(message);
    this.type = type;
    this.coral = coral;
    this.extra = extra;
  }

  get body() {
    const prefix = this.coral ? 'com.amazon.coral.validate#' : 'com.amazonaws.dynamodb.v20120810#';
    return { __type: prefix + this.type, message: this.message, ...this.extra };
  }
}
const validation = (message) => new ApiError('ValidationException', message, {}, true);
const notFound = (message) => new ApiError('ResourceNotFoundException', message);

/** FIFO readers-writer gate: shared holders run together, an exclusive holder runs alone, nobody overtakes a waiter. */
class Gate {
  #active = 0;
  #exclusive = false;
  #queue = [];

  shared(work) {
    return this.#enqueue(false, work);
  }

  exclusive(work) {
    return this.#enqueue(true, work);
  }

  #enqueue(exclusive, work) {
    return new Promise((resolve, reject) => {
      this.#queue.push({ exclusive, run: () => Promise.resolve().then(work).then(resolve, reject).finally(() => this.#release(exclusive)) });
      this.#pump();
    });
  }

  #pump() {
    while (this.#queue.length > 0 && !this.#exclusive) {
      const next = this.#queue[0];
      if (next.exclusive) {
        if (this.#active > 0) {
          return;
        }
        this.#queue.shift();
        this.#exclusive = true;
        next.run();
        return;
      }
      this.#queue.shift();
      this.#active++;
      next.run();
    }
  }

  #release(exclusive) {
    if (exclusive) {
      this.#exclusive = false;
    } else {
      this.#active--;
    }
    this.#pump();
  }
}

/** Canonical text of an attribute value: sets are unordered and 1.0 is 1, as DynamoDB compares them. */
function canonical(value) {
  const [type] = Object.keys(value);
  const v = value[type];
  switch (type) {
    case 'N': return 'N:' + new Big(v).toString();
    case 'NS': return 'NS:' + JSON.stringify(v.map((n) => new Big(n).toString()).sort());
    case 'SS':
    case 'BS': return type + ':' + JSON.stringify([...v].sort());
    case 'L': return 'L:[' + v.map(canonical).join(',') + ']';
    case 'M': return 'M:' + canonicalItem(v);
    default: return type + ':' + JSON.stringify(v);
  }
}

function canonicalItem(item) {
  return '{' + Object.keys(item).sort().map((k) => JSON.stringify(k) + '=' + canonical(item[k])).join(',') + '}';
}

const sameItem = (a, b) => canonicalItem(a) === canonicalItem(b);

function promised(fn, ...args) {
  return new Promise((resolve, reject) => fn(...args, (err, result) => (err ? reject(err) : resolve(result))));
}

/** A dynalite error (statusCode + body) or ours, as the HTTP answer. */
function errorAnswer(err) {
  if (err instanceof ApiError) {
    return { status: 400, body: err.body };
  }
  if (err && err.statusCode && err.body) {
    return { status: err.statusCode, body: err.body };
  }
  console.error(err && err.stack ? err.stack : err);
  return { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' } };
}

function requiredTableName(data) {
  if (typeof data.TableName !== 'string' || data.TableName === '') {
    throw validation('The parameter \'TableName\' is required but was not present in the request');
  }
  return tableNameOf(data.TableName);
}

/** dynalite's table names are plain names; the Transact APIs also accept a table ARN. */
function tableNameOf(nameOrArn) {
  const arn = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)$/.exec(String(nameOrArn ?? ''));
  return arn ? arn[1] : nameOrArn;
}

export function createDynamoDb({ ttlSweepMs = 1000, region = process.env.AWS_REGION || 'us-east-1' } = {}) {
  // dynalite builds its store inside dynalite(); catching it on the way lets this layer read and wrap it.
  let store;
  const createStore = db.create;
  db.create = (options) => (store = createStore(options));
  let inner;
  try {
    // Tables are ACTIVE at once: the SDK's table waiter would otherwise sleep 20 s between its first two looks.
    inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  } finally {
    db.create = createStore;
  }
  const dynaliteHandler = inner.listeners('request')[0];
  const account = store.tableDb.awsAccountId;
  const gate = new Gate();

  // ---- the change feed ---------------------------------------------------------------------------------------
  const streams = new Map(); // stream ARN -> stream
  const streamOfTable = new Map(); // table name -> its enabled stream
  const lastStreamOfTable = new Map(); // table name -> its latest stream, enabled or not
  const ttlOfTable = new Map(); // table name -> TTL attribute name (enabled)
  let nextSequence = 100000000000000000000n; // 21 digits, as DynamoDB's sequence numbers are
  let pending = null; // while a transaction runs: its records, published only if it commits

  const rawItemDb = store.getItemDb;
  store.getItemDb = (tableName) => {
    const raw = rawItemDb(tableName);
    return {
      ...raw,
      // dynalite holds the item's lock around these: reading the old image here sees exactly what is replaced.
      put(key, item, cb) {
        raw.get(key, (err, old) => {
          raw.put(key, item, (putErr) => {
            if (!putErr) {
              changed(tableName, err ? undefined : old, item);
            }
            cb(putErr);
          });
        });
      },
      del(key, cb) {
        raw.get(key, (err, old) => {
          raw.del(key, (delErr) => {
            if (!delErr && !err && old) {
              changed(tableName, old, undefined);
            }
            cb(delErr);
          });
        });
      },
    };
  };

  function changed(tableName, oldItem, newItem, identity) {
    const stream = streamOfTable.get(tableName);
    if (!stream || (!oldItem && !newItem)) {
      return;
    }
    // "If you perform a PutItem or UpdateItem operation that does not change any data in an item, DynamoDB Streams
    // does not write a stream record for that operation." (Developer Guide, Change data capture for DynamoDB Streams)
    if (oldItem && newItem && sameItem(oldItem, newItem)) {
      return;
    }
    const publish = () => append(stream, oldItem, newItem, identity);
    if (pending) {
      pending.push(publish);
    } else {
      publish();
    }
  }

  function append(stream, oldItem, newItem, identity) {
    const image = newItem ?? oldItem;
    const keys = {};
    for (const { AttributeName } of stream.keySchema) {
      keys[AttributeName] = image[AttributeName];
    }
    const record = {
      eventID: randomUUID().replace(/-/g, ''),
      eventName: !oldItem ? 'INSERT' : !newItem ? 'REMOVE' : 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: keys,
        SequenceNumber: (nextSequence++).toString(),
        StreamViewType: stream.viewType,
      },
    };
    if (newItem && (stream.viewType === 'NEW_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) {
      record.dynamodb.NewImage = newItem;
    }
    if (oldItem && (stream.viewType === 'OLD_IMAGE' || stream.viewType === 'NEW_AND_OLD_IMAGES')) {
      record.dynamodb.OldImage = oldItem;
    }
    record.dynamodb.SizeBytes = db.itemSize(keys) + (record.dynamodb.NewImage ? db.itemSize(newItem) : 0)
      + (record.dynamodb.OldImage ? db.itemSize(oldItem) : 0);
    if (identity) {
      record.userIdentity = identity;
    }
    record.at = Date.now();
    stream.records.push(record);
    trim(stream);
  }

  function trim(stream) {
    const horizon = Date.now() - STREAM_RETENTION_MS;
    let drop = 0;
    while (drop < stream.records.length && stream.records[drop].at < horizon) {
      drop++;
    }
    if (drop > 0) {
      stream.trimmedThrough = BigInt(stream.records[drop - 1].dynamodb.SequenceNumber);
      stream.records.splice(0, drop);
    }
  }

  function prune() {
    const horizon = Date.now() - STREAM_RETENTION_MS;
    for (const [arn, stream] of streams) {
      if (stream.disabledAt && stream.disabledAt < horizon) {
        streams.delete(arn);
      }
    }
  }

  function enableStream(table, viewType) {
    prune();
    let label = new Date().toISOString().replace('Z', '');
    while ([...streams.values()].some((s) => s.tableName === table.TableName && s.label === label)) {
      label = new Date(Date.parse(label + 'Z') + 1).toISOString().replace('Z', '');
    }
    const arn = `arn:aws:dynamodb:${region}:${account}:table/${table.TableName}/stream/${label}`;
    const stream = {
      arn,
      label,
      tableName: table.TableName,
      keySchema: table.KeySchema,
      viewType,
      createdAt: Date.now() / 1000,
      shardId: `shardId-${String(Date.now()).padStart(20, '0')}-${randomBytes(4).toString('hex')}`,
      startSequence: nextSequence,
      records: [],
      // The newest sequence number trimmed away, null while nothing was. Sequence numbers are shared by every table's
      // stream, so a stream's own numbers have gaps: only this says whether an iterator points at records now gone.
      trimmedThrough: null,
      disabledAt: null,
      endSequence: null,
    };
    streams.set(arn, stream);
    streamOfTable.set(table.TableName, stream);
    lastStreamOfTable.set(table.TableName, stream);
  }

  function disableStream(tableName) {
    const stream = streamOfTable.get(tableName);
    if (stream) {
      stream.disabledAt = Date.now();
      const last = stream.records[stream.records.length - 1];
      stream.endSequence = last ? BigInt(last.dynamodb.SequenceNumber) : stream.startSequence;
      streamOfTable.delete(tableName);
    }
  }

  /** DescribeTable's view of the stream, added to what dynalite describes. */
  function withStream(description) {
    if (!description || !description.TableName) {
      return description;
    }
    const enabled = streamOfTable.get(description.TableName);
    const latest = lastStreamOfTable.get(description.TableName);
    if (enabled) {
      description.StreamSpecification = { StreamEnabled: true, StreamViewType: enabled.viewType };
    }
    if (latest) {
      description.LatestStreamArn = latest.arn;
      description.LatestStreamLabel = latest.label;
    }
    return description;
  }

  function checkStreamSpecification(spec) {
    if (spec == null) {
      return null;
    }
    if (typeof spec !== 'object' || typeof spec.StreamEnabled !== 'boolean') {
      throw validation('One or more parameter values were invalid: StreamSpecification needs StreamEnabled (true or false)');
    }
    if (spec.StreamEnabled && !STREAM_VIEW_TYPES.includes(spec.StreamViewType)) {
      throw validation('One or more parameter values were invalid: StreamViewType must be one of '
        + STREAM_VIEW_TYPES.join(', ') + ' when StreamEnabled is true');
    }
    if (!spec.StreamEnabled && spec.StreamViewType != null) {
      throw validation('One or more parameter values were invalid: StreamViewType can only be given when StreamEnabled is true');
    }
    return spec;
  }

  // ---- dynalite, in process --------------------------------------------------------------------------------------
  /** Runs one request through dynalite's own handler and returns its answer (status, headers, parsed body). */
  function callDynalite(headers, method, url, body) {
    return new Promise((resolve) => {
      const req = Readable.from(body.length > 0 ? [Buffer.from(body)] : []);
      Object.assign(req, { headers, method, url });
      const res = {
        statusCode: 200,
        headers: {},
        setHeader(name, value) {
          this.headers[name.toLowerCase()] = value;
        },
        end(text) {
          resolve({ status: this.statusCode, headers: this.headers, text: text == null ? '' : String(text) });
        },
      };
      dynaliteHandler(req, res);
    });
  }

  async function dynaliteJson(headers, target, data) {
    const answer = await callDynalite({ ...headers, 'x-amz-target': DYNAMODB + target }, 'POST', '/', JSON.stringify(data));
    const body = answer.text ? JSON.parse(answer.text) : {};
    if (answer.status !== 200) {
      throw Object.assign(new Error(body.message ?? body.Message ?? target + ' failed'), { statusCode: answer.status, body });
    }
    return body;
  }

  // ---- Transactions ------------------------------------------------------------------------------------------------
  const tokens = new Map(); // ClientRequestToken -> { fingerprint, answer, expires }

  /** dynalite's own type checks and expression parsing for one action of a transaction. */
  function parsed(kind, data) {
    const check = CHECKS[kind];
    const typed = validations.checkTypes(data, check.types);
    validations.checkValidations(typed, check.types, check.custom, store);
    return typed;
  }

  async function transactWriteItems(data) {
    const items = data.TransactItems;
    if (!Array.isArray(items) || items.length < 1 || items.length > MAX_TRANSACT_ITEMS) {
      throw validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: `
        + `Member must have length less than or equal to ${MAX_TRANSACT_ITEMS} and greater than or equal to 1`);
    }
    const token = data.ClientRequestToken;
    if (token != null && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
      throw validation('ClientRequestToken must be 1 to 36 characters long');
    }
    const fingerprint = createHash('sha256').update(JSON.stringify({ ...data, ClientRequestToken: undefined })).digest('hex');

    return gate.exclusive(async () => {
      const now = Date.now();
      for (const [t, seen] of tokens) {
        if (seen.expires < now) {
          tokens.delete(t);
        }
      }
      if (token != null && tokens.has(token)) {
        const seen = tokens.get(token);
        if (seen.fingerprint !== fingerprint) {
          throw new ApiError('IdempotentParameterMismatchException',
            'Request with the same ClientRequestToken but different parameters was already processed within the last 10 minutes');
        }
        return seen.answer;
      }

      // Parse and check every action before touching anything.
      const actions = [];
      const seenKeys = new Set();
      for (const [index, entry] of items.entries()) {
        const kinds = ['Put', 'Update', 'Delete', 'ConditionCheck'].filter((k) => entry && entry[k] != null);
        if (kinds.length !== 1) {
          throw validation(`TransactItems[${index + 1}] must hold exactly one of Put, Update, Delete, ConditionCheck`);
        }
        const kind = kinds[0];
        const request = { ...entry[kind], TableName: tableNameOf(entry[kind].TableName) };
        const failureValues = request.ReturnValuesOnConditionCheckFailure;
        if (failureValues != null && failureValues !== 'ALL_OLD' && failureValues !== 'NONE') {
          throw validation('ReturnValuesOnConditionCheckFailure must be ALL_OLD or NONE');
        }
        delete request.ReturnValuesOnConditionCheckFailure;
        let action;
        if (kind === 'ConditionCheck') {
          if (typeof request.ConditionExpression !== 'string' || request.ConditionExpression === '') {
            throw validation('One or more parameter values were invalid: ConditionCheck needs a ConditionExpression');
          }
          action = { kind: 'check', data: parsed('delete', request) };
        } else {
          const lower = kind.toLowerCase();
          if (lower === 'update' && (typeof request.UpdateExpression !== 'string' || request.UpdateExpression === '')) {
            throw validation('One or more parameter values were invalid: Update needs an UpdateExpression');
          }
          action = { kind: lower, data: parsed(lower, request) };
        }
        const table = await promised(store.getTable, action.data.TableName, true).catch((err) => {
          throw err.body ? notFound('Requested resource not found') : err;
        });
        const keySource = action.kind === 'put' ? action.data.Item : action.data.Key;
        const invalid = action.kind === 'put' ? db.validateItem(keySource, table) : db.validateKey(keySource, table);
        if (invalid) {
          throw invalid;
        }
        const key = db.createKey(keySource, table);
        const itemId = table.TableName + '\u0000' + key;
        if (seenKeys.has(itemId)) {
          throw validation('Transaction request cannot include multiple operations on one item');
        }
        seenKeys.add(itemId);
        Object.assign(action, { table, key, returnOld: failureValues === 'ALL_OLD' });
        actions.push(action);
      }

      // Conditions, against the items as they are now: nothing else can write while this gate is held.
      const reasons = [];
      let cancelled = false;
      for (const action of actions) {
        const current = await promised(rawItemDb(action.table.TableName).get, action.key);
        action.before = current ?? undefined;
        if (db.checkConditional(action.data, action.before)) {
          cancelled = true;
          const reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
          if (action.returnOld && action.before) {
            reason.Item = action.before;
          }
          reasons.push(reason);
        } else {
          reasons.push({ Code: 'None' });
        }
      }
      if (cancelled) {
        throw cancellation(reasons);
      }

      // Apply with dynalite's own actions; a failure part-way (e.g. a type mismatch in an update) undoes the rest.
      pending = [];
      const applied = [];
      try {
        for (const [index, action] of actions.entries()) {
          if (action.kind === 'check') {
            continue;
          }
          try {
            await promised(ACTIONS[action.kind], store, action.data);
            applied.push(action);
          } catch (err) {
            await undo(applied);
            if (err && err.body) {
              const failed = actions.map(() => ({ Code: 'None' }));
              failed[index] = { Code: 'ValidationError', Message: err.body.message ?? err.message };
              throw cancellation(failed);
            }
            throw err;
          }
        }
        const publish = pending;
        pending = null;
        publish.forEach((record) => record());
      } finally {
        pending = null;
      }
      const answer = {};
      if (token != null) {
        tokens.set(token, { fingerprint, answer, expires: Date.now() + TOKEN_TTL_MS });
      }
      return answer;
    });
  }

  async function undo(applied) {
    for (const action of applied.reverse()) {
      const itemDb = rawItemDb(action.table.TableName);
      const now = await promised(itemDb.get, action.key);
      await promised(db.updateIndexes, store, action.table, now ?? null, action.before ?? null);
      if (action.before) {
        await promised(itemDb.put, action.key, action.before);
      } else {
        await promised(itemDb.del, action.key);
      }
    }
  }

  function cancellation(reasons) {
    return new ApiError('TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      { CancellationReasons: reasons });
  }

  async function transactGetItems(headers, data) {
    const items = data.TransactItems;
    if (!Array.isArray(items) || items.length < 1 || items.length > MAX_TRANSACT_ITEMS) {
      throw validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: `
        + `Member must have length less than or equal to ${MAX_TRANSACT_ITEMS} and greater than or equal to 1`);
    }
    const gets = items.map((entry, index) => {
      if (!entry || !entry.Get) {
        throw validation(`TransactItems[${index + 1}] must hold a Get`);
      }
      const get = { ...entry.Get, TableName: tableNameOf(entry.Get.TableName), ConsistentRead: true };
      parsed('get', { ...get });
      return get;
    });
    // Alone at the gate: every item is read at one point in time, between writes, never inside a transaction.
    return gate.exclusive(async () => {
      const responses = [];
      for (const get of gets) {
        const answer = await dynaliteJson(headers, 'GetItem', get);
        responses.push(answer.Item ? { Item: answer.Item } : {});
      }
      return { Responses: responses };
    });
  }

  // ---- Time to Live ----------------------------------------------------------------------------------------------
  async function updateTimeToLive(data) {
    const spec = data.TimeToLiveSpecification;
    if (!spec || typeof spec.Enabled !== 'boolean' || typeof spec.AttributeName !== 'string'
      || spec.AttributeName.length < 1 || spec.AttributeName.length > 255) {
      throw validation('One or more parameter values were invalid: TimeToLiveSpecification needs Enabled and an AttributeName of 1 to 255 characters');
    }
    const name = requiredTableName(data);
    await promised(store.getTable, name, false);
    const current = ttlOfTable.get(name);
    if (spec.Enabled && current != null) {
      throw validation('TimeToLive is already enabled');
    }
    if (!spec.Enabled && current == null) {
      throw validation('TimeToLive is already disabled');
    }
    if (spec.Enabled) {
      ttlOfTable.set(name, spec.AttributeName);
    } else {
      ttlOfTable.delete(name);
    }
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  }

  async function describeTimeToLive(data) {
    const name = requiredTableName(data);
    await promised(store.getTable, name, false);
    const attribute = ttlOfTable.get(name);
    return {
      TimeToLiveDescription: attribute == null ? { TimeToLiveStatus: 'DISABLED' } : { TimeToLiveStatus: 'ENABLED', AttributeName: attribute },
    };
  }

  function expired(item, attribute, nowS) {
    const value = item && item[attribute];
    if (!value || value.N == null) {
      return false; // TTL only reads a Number in epoch seconds and ignores every other type
    }
    const at = Number(value.N);
    return Number.isFinite(at) && at < nowS && at >= nowS - FIVE_YEARS_S;
  }

  let sweeping = false;
  async function sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    try {
      for (const [tableName, attribute] of [...ttlOfTable]) {
        let table;
        try {
          table = await promised(store.getTable, tableName, true);
        } catch {
          continue;
        }
        const nowS = Date.now() / 1000;
        const candidates = [];
        for await (const item of rawItemDb(tableName).createValueStream()) {
          if (expired(item, attribute, nowS)) {
            candidates.push(db.createKey(item, table));
          }
        }
        for (const key of candidates) {
          await gate.shared(() => expire(tableName, table, key, attribute));
        }
      }
    } catch (err) {
      console.error('TTL sweep failed: ' + (err && err.stack ? err.stack : err));
    } finally {
      sweeping = false;
    }
  }

  /** Deletes one expired item the way DynamoDB's TTL process does: re-read under the item's lock, a service delete. */
  function expire(tableName, table, key, attribute) {
    const itemDb = rawItemDb(tableName);
    return new Promise((resolve, reject) => {
      itemDb.lock(key, (release) => {
        const done = release((err) => (err ? reject(err) : resolve()));
        itemDb.get(key, (err, item) => {
          // Updated since the scan (a later expiry, or the attribute removed)? Then it stays, as it would in AWS.
          if (err || !item || !expired(item, attribute, Date.now() / 1000)) {
            return done();
          }
          db.updateIndexes(store, table, item, null, (indexErr) => {
            if (indexErr) {
              return done(indexErr);
            }
            itemDb.del(key, (delErr) => {
              if (!delErr) {
                changed(tableName, item, undefined, TTL_IDENTITY);
              }
              done(delErr);
            });
          });
        });
      });
    });
  }

  const sweeper = setInterval(sweep, ttlSweepMs);
  sweeper.unref();

  // ---- DynamoDB Streams API ----------------------------------------------------------------------------------------
  function streamByArn(arn) {
    prune();
    const stream = streams.get(arn);
    if (!stream) {
      throw notFound(`Requested resource not found: Stream: ${arn} not found`);
    }
    return stream;
  }

  function describeStream(data) {
    const stream = streamByArn(data.StreamArn);
    const shard = {
      ShardId: stream.shardId,
      SequenceNumberRange: { StartingSequenceNumber: stream.startSequence.toString() },
    };
    if (stream.endSequence != null) {
      shard.SequenceNumberRange.EndingSequenceNumber = stream.endSequence.toString();
    }
    return {
      StreamDescription: {
        StreamArn: stream.arn,
        StreamLabel: stream.label,
        StreamStatus: stream.disabledAt ? 'DISABLED' : 'ENABLED',
        StreamViewType: stream.viewType,
        CreationRequestDateTime: stream.createdAt,
        TableName: stream.tableName,
        KeySchema: stream.keySchema,
        Shards: data.ExclusiveStartShardId === stream.shardId ? [] : [shard],
      },
    };
  }

  function listStreams(data) {
    prune();
    let list = [...streams.values()].filter((s) => data.TableName == null || s.tableName === data.TableName);
    if (data.ExclusiveStartStreamArn != null) {
      const at = list.findIndex((s) => s.arn === data.ExclusiveStartStreamArn);
      list = at >= 0 ? list.slice(at + 1) : list;
    }
    const limit = data.Limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) {
      throw validation('Limit must be a positive integer');
    }
    const page = list.slice(0, limit);
    const answer = { Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.tableName, StreamLabel: s.label })) };
    if (list.length > limit) {
      answer.LastEvaluatedStreamArn = page[page.length - 1].arn;
    }
    return answer;
  }

  function sequence(text) {
    if (typeof text !== 'string' || !/^\d{21,40}$/.test(text)) {
      throw validation(`Invalid SequenceNumber: ${text}`);
    }
    return BigInt(text);
  }

  function iterator(stream, position) {
    return Buffer.from(JSON.stringify({ a: stream.arn, s: stream.shardId, p: position.toString(), t: Date.now() })).toString('base64url');
  }

  function trimmed(stream, position) {
    return stream.trimmedThrough != null && position <= stream.trimmedThrough;
  }

  function getShardIterator(data) {
    const stream = streamByArn(data.StreamArn);
    if (data.ShardId !== stream.shardId) {
      throw notFound(`Requested resource not found: Shard: ${data.ShardId} in Stream: ${stream.arn} not found`);
    }
    const oldest = stream.records.length > 0 ? BigInt(stream.records[0].dynamodb.SequenceNumber)
      : stream.trimmedThrough != null ? stream.trimmedThrough + 1n : stream.startSequence;
    let position;
    switch (data.ShardIteratorType) {
      case 'TRIM_HORIZON':
        position = oldest;
        break;
      case 'LATEST':
        position = stream.endSequence != null ? stream.endSequence + 1n : nextSequence;
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        const at = sequence(data.SequenceNumber);
        if (at < stream.startSequence || (stream.endSequence != null && at > stream.endSequence) || at >= nextSequence) {
          throw validation(`Invalid SequenceNumber ${data.SequenceNumber} for Shard ${stream.shardId}`);
        }
        if (trimmed(stream, at)) {
          throw new ApiError('TrimmedDataAccessException', `SequenceNumber ${data.SequenceNumber} is beyond the stream's 24-hour retention`);
        }
        position = data.ShardIteratorType === 'AT_SEQUENCE_NUMBER' ? at : at + 1n;
        break;
      }
      default:
        throw validation(`1 validation error detected: Value '${data.ShardIteratorType}' at 'shardIteratorType' failed to satisfy constraint: `
          + 'Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST]');
    }
    return { ShardIterator: iterator(stream, position) };
  }

  function getRecords(data) {
    let state;
    try {
      state = JSON.parse(Buffer.from(String(data.ShardIterator ?? ''), 'base64url').toString('utf8'));
    } catch {
      state = null;
    }
    if (!state || typeof state.a !== 'string' || typeof state.p !== 'string' || !/^\d+$/.test(state.p)) {
      throw validation('Invalid ShardIterator');
    }
    if (Date.now() - state.t > ITERATOR_TTL_MS) {
      throw new ApiError('ExpiredIteratorException', 'Iterator expired. The iterator was created at time '
        + new Date(state.t).toISOString() + ' and is valid for 15 minutes');
    }
    const stream = streamByArn(state.a);
    const limit = data.Limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw validation('Limit must be between 1 and 1000');
    }
    trim(stream);
    const from = BigInt(state.p);
    if (trimmed(stream, from)) {
      throw new ApiError('TrimmedDataAccessException', 'The iterator points at records beyond the stream\'s 24-hour retention');
    }
    const records = stream.records.filter((r) => BigInt(r.dynamodb.SequenceNumber) >= from).slice(0, limit);
    const next = records.length > 0 ? BigInt(records[records.length - 1].dynamodb.SequenceNumber) + 1n : from;
    const closedAndRead = stream.disabledAt != null && !stream.records.some((r) => BigInt(r.dynamodb.SequenceNumber) >= next);
    const answer = { Records: records.map(({ at, ...record }) => record) };
    if (!closedAndRead) {
      answer.NextShardIterator = iterator(stream, next);
    }
    return answer;
  }

  // ---- Tables: the stream parts of CreateTable / UpdateTable / DescribeTable / DeleteTable ------------------------
  /**
   * dynalite answers CreateTable/UpdateTable/DeleteTable first and changes the table's status a timer tick later. The
   * SDK's waiters look once at once and then only after 20 s, so the answer waits (a few ms) for the status to settle.
   */
  async function settled(name) {
    for (let i = 0; i < 1000; i++) {
      const table = await promised(store.tableDb.get, name).catch(() => undefined);
      if (!table || table.TableStatus === 'ACTIVE') {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async function createTable(headers, data) {
    const spec = checkStreamSpecification(data.StreamSpecification);
    const answer = await dynaliteJson(headers, 'CreateTable', data);
    const name = answer.TableDescription.TableName;
    await settled(name);
    // A table made again under an old name starts without the old one's stream and TTL.
    disableStream(name);
    lastStreamOfTable.delete(name);
    ttlOfTable.delete(name);
    if (spec && spec.StreamEnabled) {
      enableStream(answer.TableDescription, spec.StreamViewType);
    }
    withStream(answer.TableDescription);
    return answer;
  }

  async function updateTable(headers, data) {
    const spec = checkStreamSpecification(data.StreamSpecification);
    const { StreamSpecification, ...rest } = data;
    const other = Object.keys(rest).some((k) => k !== 'TableName' && k !== 'AttributeDefinitions' && rest[k] != null);
    const name = tableNameOf(data.TableName);
    let description;
    if (other || !spec) {
      description = (await dynaliteJson(headers, 'UpdateTable', { ...rest, TableName: name })).TableDescription;
      await settled(name);
    } else {
      description = (await dynaliteJson(headers, 'DescribeTable', { TableName: name })).Table;
    }
    if (spec) {
      const current = streamOfTable.get(name);
      if (spec.StreamEnabled && current) {
        throw validation(`Table already has an enabled stream: TableName: ${name}`);
      }
      if (!spec.StreamEnabled && !current) {
        throw validation(`Table already has no enabled stream: TableName: ${name}`);
      }
      if (spec.StreamEnabled) {
        enableStream(description, spec.StreamViewType);
      } else {
        disableStream(name);
      }
    }
    return { TableDescription: withStream(description) };
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------------
  function send(res, status, body, contentType) {
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('x-amzn-RequestId', randomBytes(39).toString('base64').toUpperCase().replace(/\+|\//g, '0'));
    res.setHeader('x-amz-crc32', crc32.unsigned(text));
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
    res.end(text);
  }

  function relay(res, answer) {
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) {
      res.setHeader(name, value);
    }
    res.end(answer.text);
  }

  const OWN = {
    TransactWriteItems: (headers, data) => transactWriteItems(data),
    TransactGetItems: (headers, data) => transactGetItems(headers, data),
    UpdateTimeToLive: (headers, data) => updateTimeToLive(data),
    DescribeTimeToLive: (headers, data) => describeTimeToLive(data),
    CreateTable: (headers, data) => createTable(headers, data),
    UpdateTable: (headers, data) => gate.shared(() => updateTable(headers, data)),
  };
  const STREAM_OPERATIONS = { DescribeStream: describeStream, GetRecords: getRecords, GetShardIterator: getShardIterator, ListStreams: listStreams };

  async function handle(req, res, body) {
    const target = String(req.headers['x-amz-target'] ?? '');
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim() === 'application/json'
      ? 'application/json' : 'application/x-amz-json-1.0';
    const operation = target.startsWith(STREAMS) ? STREAM_OPERATIONS[target.slice(STREAMS.length)]
      : target.startsWith(DYNAMODB) ? OWN[target.slice(DYNAMODB.length)] : undefined;
    if (req.method === 'POST' && operation) {
      let data;
      try {
        data = JSON.parse(body || 'null');
      } catch {
        data = undefined;
      }
      if (!data || typeof data !== 'object' || Array.isArray(data)) {
        return send(res, 400, { __type: 'com.amazon.coral.service#SerializationException', Message: 'The request body is not a JSON object' }, contentType);
      }
      try {
        const answer = await (target.startsWith(STREAMS) ? operation(data) : operation(req.headers, data));
        return send(res, 200, answer, contentType);
      } catch (err) {
        const { status, body: error } = errorAnswer(err);
        return send(res, status, error, contentType);
      }
    }
    const name = target.startsWith(DYNAMODB) ? target.slice(DYNAMODB.length) : '';
    // Everything else is dynalite's, taking its turn at the gate so it never lands inside a transaction.
    const answer = await gate.shared(() => callDynalite(req.headers, req.method, req.url, body));
    if (answer.status === 200 && (name === 'DescribeTable' || name === 'DeleteTable')) {
      const parsedAnswer = JSON.parse(answer.text);
      if (name === 'DeleteTable') {
        const deleted = parsedAnswer.TableDescription && parsedAnswer.TableDescription.TableName;
        await settled(deleted);
        withStream(parsedAnswer.TableDescription);
        disableStream(deleted);
        ttlOfTable.delete(deleted);
        return send(res, 200, parsedAnswer, contentType);
      }
      return send(res, 200, { ...parsedAnswer, Table: withStream(parsedAnswer.Table) }, contentType);
    }
    return relay(res, answer);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) {
        res.statusCode = 413;
        return res.end();
      }
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err) => {
        const { status, body } = errorAnswer(err);
        if (!res.headersSent) {
          send(res, status, body, 'application/x-amz-json-1.0');
        }
      });
    });
  });
  server.on('close', () => clearInterval(sweeper));
  return server;
}
