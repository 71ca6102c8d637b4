'use strict';
// The real amplify-js DataStore (aws-amplify 6) under Node 20, driven by the conformance suite: one process is one
// client with its own store for the whole scenario. It reads one JSON command a line on stdin and answers each with
// one JSON line on stdout, {"id": n, "ok": true, "result": ...} or {"id": n, "ok": false, "error": "..."}:
//   start  {schema, endpoint, apiKey?, token?, syncExpressions?: [{model, field, eq}], discardConflicts?,
//          maxRecordsToSync?}: configures Amplify (OPENID_CONNECT with the token through a token provider, else
//          API_KEY), starts DataStore and waits for its "ready" event (base or delta sync done); a conflict is
//          retried on the server's version (amplify-js's default handler) unless discardConflicts is set, when the
//          handler answers DISCARD; again after stop, the network comes back
//   clear  DataStore.clear(): stops syncing and deletes the local store
//   resync after clear, starts DataStore again (a base sync into an empty store in a process that has run one)
//          and waits for its "ready" event
//   stop   the network goes away (navigator.onLine false and an "offline" event, what amplify-js watches): the
//          client is offline, keeps its store and queues its changes. (DataStore.stop() would not do: the next
//          save starts it again.)
//   save   {model, fields, wait?}          creates a record (a belongsTo field may be the related record's id); by
//                                          default waits until the outbox is empty
//   update {model, key, changes, wait?}    edits a record (key: its key fields)
//   delete {model, key, wait?}             deletes a record
//   query  {model}                         the model's records, associations as the related records' ids
//   count                                  how many records the store holds, over every model
//   ping                                   nothing: answered once Node has loaded Amplify and this file
// The server's certificate is trusted through NODE_EXTRA_CA_CERTS (amplify-js v6 opens real-time only over wss://).
const fs = require('fs');
const readline = require('readline');

// Shims, kept to what amplify-js needs outside a browser: IndexedDB (fake-indexeddb sets indexedDB and the IDB*
// classes as globals), one `window` carrying indexedDB and navigator.onLine, and `ws` as the WebSocket.
require('fake-indexeddb/auto');
const win = new EventTarget();
win.indexedDB = globalThis.indexedDB;
win.navigator = { onLine: true, userAgent: 'node' };
globalThis.window = win;
globalThis.WebSocket = require('ws');

// One module system (CommonJS) for every Amplify package, so they share one configuration.
const { Amplify } = require('aws-amplify');
const { DataStore, DISCARD, initSchema, syncExpression } = require('@aws-amplify/datastore');
const { Hub } = require('aws-amplify/utils');

let introspection;
let models;
let outboxEmpty = true;
const outboxWaiters = [];
const readyWaiters = [];
const syncedWaiters = [];
Hub.listen('datastore', ({ payload }) => {
  if (payload.event === 'outboxStatus') {
    outboxEmpty = payload.data.isEmpty;
    if (outboxEmpty) outboxWaiters.splice(0).forEach(resolve => resolve());
  }
  if (payload.event === 'ready') readyWaiters.splice(0).forEach(resolve => resolve());
  if (payload.event === 'syncQueriesReady') syncedWaiters.splice(0).forEach(resolve => resolve());
});

const sent = () => (outboxEmpty ? Promise.resolve() : new Promise(resolve => outboxWaiters.push(resolve)));

// Starts DataStore and waits for its "ready" event (base or delta sync done), which comes once per start.
async function started() {
  const ready = new Promise(resolve => readyWaiters.push(resolve));
  await DataStore.start();
  await ready;
}

async function settle(wait) {
  if (wait === false) return;
  // The outbox status event follows the local write; give it a turn before waiting on it.
  await new Promise(resolve => setTimeout(resolve, 50));
  await sent();
}

const commands = {
  async start({ schema, endpoint, apiKey, token, syncExpressions, discardConflicts, maxRecordsToSync }) {
    if (models) {
      // Back online: the sync engine syncs again (a delta sync) and says syncQueriesReady ("ready" comes once per
      // DataStore.start()).
      const synced = new Promise(resolve => syncedWaiters.push(resolve));
      win.navigator.onLine = true;
      win.dispatchEvent(new Event('online'));
      await synced;
      return null;
    }

    introspection = JSON.parse(fs.readFileSync(schema, 'utf8'));
    // DataStore refuses a schema without a codegen version; the model introspection carries none.
    models = initSchema({ ...introspection, codegenVersion: '3.4.4', version: 'stratus-conformance' });
    Amplify.configure({
      aws_project_region: 'us-east-1',
      aws_appsync_graphqlEndpoint: endpoint,
      aws_appsync_region: 'us-east-1',
      aws_appsync_authenticationType: token ? 'OPENID_CONNECT' : 'API_KEY',
      aws_appsync_apiKey: apiKey,
    }, token ? { Auth: { tokenProvider: { getTokens: async () => ({ accessToken: jwt(token), idToken: jwt(token) }) } } } : undefined);
    DataStore.configure({
      syncExpressions: (syncExpressions || []).map(e => syncExpression(models[e.model], () => c => c[e.field].eq(e.eq))),
      ...(discardConflicts ? { conflictHandler: async () => DISCARD } : {}),
      ...(maxRecordsToSync ? { maxRecordsToSync } : {}),
    });
    await started();
    return null;
  },
  async clear() {
    await DataStore.clear();
    return null;
  },
  async resync() {
    await started();
    return null;
  },
  async stop() {
    win.navigator.onLine = false;
    win.dispatchEvent(new Event('offline'));
    return null;
  },
  async save({ model, fields, wait }) {
    const saved = await DataStore.save(new models[model](await related(model, fields)));
    await settle(wait);
    return plain(model, saved);
  },
  async update({ model, key, changes, wait }) {
    const current = await DataStore.query(models[model], identifier(key));
    if (!current) throw new Error(`${model} ${JSON.stringify(key)} is not in the store`);
    const saved = await DataStore.save(models[model].copyOf(current, draft => Object.assign(draft, changes)));
    await settle(wait);
    return plain(model, saved);
  },
  async delete({ model, key, wait }) {
    const current = await DataStore.query(models[model], identifier(key));
    if (!current) throw new Error(`${model} ${JSON.stringify(key)} is not in the store`);
    await DataStore.delete(current);
    await settle(wait);
    return null;
  },
  async count() {
    let total = 0;
    for (const name of Object.keys(introspection.models)) total += (await DataStore.query(models[name])).length;
    return total;
  },
  async ping() {
    return null;
  },
  async query({ model }) {
    return Promise.all((await DataStore.query(models[model])).map(r => plain(model, r)));
  },
};

// A signed token as Amplify's token provider hands it over: its text and its decoded claims.
const jwt = token => ({ toString: () => token, payload: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) });

// A key as DataStore.query takes it: the id alone, or an object of the key fields.
const identifier = key => (Object.keys(key).length === 1 && 'id' in key ? key.id : key);

// Fields with each belongsTo given by id replaced by the related record from the store.
async function related(model, fields) {
  const out = { ...fields };
  for (const [name, field] of Object.entries(introspection.models[model].fields)) {
    if (field.association && field.association.connectionType === 'BELONGS_TO' && typeof out[name] === 'string') {
      out[name] = await DataStore.query(models[field.type.model], out[name]);
    }
  }
  return out;
}

// A record as JSON: its fields, a belongsTo/hasOne as the related record's id, a hasMany as its children's ids.
async function plain(model, record) {
  const out = {};
  for (const [name, field] of Object.entries(introspection.models[model].fields)) {
    const value = record[name];
    if (!field.association) {
      out[name] = value === undefined ? null : value;
    } else if (field.association.connectionType === 'HAS_MANY') {
      out[name] = (await value.toArray()).map(child => child.id ?? null);
    } else {
      const related = await value;
      out[name] = related ? related.id ?? null : null;
    }
  }
  return out;
}

// Commands run one at a time, in order.
let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on('line', line => {
  if (!line.trim()) return;
  const { id, op, ...args } = JSON.parse(line);
  queue = queue.then(async () => {
    try {
      const result = await commands[op](args);
      process.stdout.write(JSON.stringify({ id, ok: true, result }) + '\n');
    } catch (e) {
      process.stdout.write(JSON.stringify({ id, ok: false, error: String((e && e.stack) || e) }) + '\n');
    }
  });
}).on('close', () => queue.then(() => DataStore.stop()).then(() => process.exit(0)));
