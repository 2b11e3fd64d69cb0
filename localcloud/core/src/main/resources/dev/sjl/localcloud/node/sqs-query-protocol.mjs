// SQS's query protocol (form-encoded requests, XML responses) in front of fauxqs, which speaks only the JSON protocol.
//
// Real SQS accepts both. Today's SDKs send JSON; older clients still send query requests, among them the AWS CLI v2
// that Debian 12 ships (2.9.19). A query request is rewritten into the JSON request the same SDK would send now,
// handled by fauxqs in this process (app.inject, same Host header, so queue URLs come out the same), and the JSON
// answer is written back as the XML the query protocol defines. SNS, also query-only, goes to fauxqs untouched.
//
// The member names come from the SQS API model (2012-11-05): in query form lists and maps are "flattened", with
// singular names and 1-based indexes (Attribute.1.Name=…&Attribute.1.Value=…), where JSON uses plural names.

import { randomUUID } from 'node:crypto';

const XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';

// query name -> [JSON name, shape]; a map's entries name their key and value members
const MEMBERS = {
  Attribute: ['Attributes', { map: ['Name', 'Value'] }],
  MessageAttribute: ['MessageAttributes', { map: ['Name', 'Value'] }],
  MessageSystemAttribute: ['MessageSystemAttributes', { map: ['Name', 'Value'] }],
  AttributeName: ['AttributeNames', 'list'],
  MessageAttributeName: ['MessageAttributeNames', 'list'],
  MessageSystemAttributeName: ['MessageSystemAttributeNames', 'list'],
  TagKey: ['TagKeys', 'list'],
  AWSAccountId: ['AWSAccountIds', 'list'],
  ActionName: ['Actions', 'list'],
  StringListValue: ['StringListValues', 'list'],
  BinaryListValue: ['BinaryListValues', 'list'],
  SendMessageBatchRequestEntry: ['Entries', 'list'],
  DeleteMessageBatchRequestEntry: ['Entries', 'list'],
  ChangeMessageVisibilityBatchRequestEntry: ['Entries', 'list'],
};
// Tag maps are `tags` on CreateQueue but `Tags` on TagQueue.
const TAG_MEMBER = { CreateQueue: 'tags', TagQueue: 'Tags' };
const INTEGERS = new Set(['DelaySeconds', 'MaxNumberOfMessages', 'VisibilityTimeout', 'WaitTimeSeconds', 'MaxResults',
  'MaxNumberOfMessagesPerSecond']);

// JSON name -> how the query protocol writes it in a response
const OUTPUT_MAPS = {
  Attributes: ['Attribute', 'Name', 'Value'],
  MessageAttributes: ['MessageAttribute', 'Name', 'Value'],
  Tags: ['Tag', 'Key', 'Value'],
};
const OUTPUT_LISTS = {
  QueueUrls: 'QueueUrl',
  queueUrls: 'QueueUrl',
  Messages: 'Message',
  Failed: 'BatchResultErrorEntry',
  StringListValues: 'StringListValue',
  BinaryListValues: 'BinaryListValue',
};

/** Whether a request is an SQS query-protocol call: form-encoded, and signed for sqs (or naming no other service). */
export function isSqsQueryRequest(request) {
  if (request.method !== 'POST' || !String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return false;
  }
  const body = request.body;
  if (!body || typeof body !== 'object' || typeof body.Action !== 'string') {
    return false;
  }
  const scope = /Credential=[^/,]*\/[^/,]*\/[^/,]*\/([^/,]*)\//.exec(String(request.headers.authorization ?? ''));
  return scope !== null && scope[1] === 'sqs';
}

/** Form fields (Attribute.1.Name=…) to a tree: numeric segments become 1-based list slots. */
function toTree(fields) {
  const root = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'Action' || key === 'Version') {
      continue;
    }
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      node[parts[i]] ??= {};
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

/** The indexed children of a flattened member, in index order. */
function entries(node) {
  return Object.keys(node).filter((k) => /^\d+$/.test(k)).sort((a, b) => a - b).map((k) => node[k]);
}

function toJson(node, action) {
  if (typeof node !== 'object') {
    return node;
  }
  const out = {};
  for (const [name, value] of Object.entries(node)) {
    if (name === 'Tag') {
      const tags = {};
      for (const entry of entries(value)) {
        tags[entry.Key] = entry.Value ?? '';
      }
      out[TAG_MEMBER[action] ?? 'Tags'] = tags;
    } else if (MEMBERS[name]) {
      const [jsonName, shape] = MEMBERS[name];
      if (shape === 'list') {
        out[jsonName] = entries(value).map((entry) => toJson(entry, action));
      } else {
        const [keyName, valueName] = shape.map;
        const map = {};
        for (const entry of entries(value)) {
          map[entry[keyName]] = toJson(entry[valueName], action);
        }
        out[jsonName] = map;
      }
    } else if (INTEGERS.has(name) && /^-?\d+$/.test(value)) {
      out[name] = Number.parseInt(value, 10);
    } else {
      out[name] = toJson(value, action);
    }
  }
  return out;
}

/** The JSON-protocol request body for a query-protocol form. */
export function queryToJson(fields) {
  return toJson(toTree(fields), fields.Action);
}

function escape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

function element(name, value, action) {
  if (value === null || value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    const item = name === 'Successful' ? `${action}ResultEntry` : OUTPUT_LISTS[name] ?? name;
    return value.map((v) => element(item, v, action)).join('');
  }
  if (typeof value === 'object') {
    if (OUTPUT_MAPS[name]) {
      const [item, keyName, valueName] = OUTPUT_MAPS[name];
      return Object.entries(value).map(([k, v]) =>
        `<${item}><${keyName}>${escape(k)}</${keyName}>${element(valueName, v, action)}</${item}>`).join('');
    }
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v, action)).join('')}</${name}>`;
  }
  return `<${name}>${escape(value)}</${name}>`;
}

/** The query-protocol XML for a JSON-protocol result. */
export function jsonToXml(action, result, requestId) {
  const body = Object.entries(result ?? {}).map(([k, v]) => element(k, v, action)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}"><${action}Result>${body}</${action}Result>`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

/** The query-protocol error document; the code is the query code fauxqs sends in x-amzn-query-error. */
export function errorToXml(queryError, json, requestId) {
  const [code, type] = queryError ? String(queryError).split(';') : [String(json?.__type ?? 'InternalFailure').split('#').pop(), 'Sender'];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${escape(type ?? 'Sender')}</Type>`
    + `<Code>${escape(code)}</Code><Message>${escape(json?.message ?? json?.Message ?? '')}</Message><Detail/></Error>`
    + `<RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** Installs the translation on a fauxqs app, before it listens. */
export function installSqsQueryProtocol(app) {
  app.addHook('preHandler', async (request, reply) => {
    if (!isSqsQueryRequest(request)) {
      return;
    }
    const action = request.body.Action;
    const requestId = randomUUID();
    const headers = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
      host: request.headers.host,
    };
    if (request.headers.authorization) {
      headers.authorization = request.headers.authorization;
    }
    const answer = await app.inject({ method: 'POST', url: '/', headers, payload: JSON.stringify(queryToJson(request.body)) });
    let json = {};
    try {
      json = answer.body ? JSON.parse(answer.body) : {};
    } catch {
      json = { message: answer.body };
    }
    reply.code(answer.statusCode).header('content-type', 'text/xml').header('x-amzn-requestid', requestId);
    return reply.send(answer.statusCode < 300 ? jsonToXml(action, json, requestId)
      : errorToXml(answer.headers['x-amzn-query-error'], json, requestId));
  });
}
