'use strict';
// Drives the real amplify-js DataStore (aws-amplify 6) under Node 20 for the conformance suite, one command a run:
//   node datastore.js <introspection.json> sync            base-syncs into an empty store; prints every record
//   node datastore.js <introspection.json> save <json>     {"model": "Blog", "fields": {...}}: saves, waits until
//                                                          the outbox is empty; prints the saved record
// The endpoint and API key come from STRATUS_ENDPOINT and STRATUS_API_KEY; the server's certificate is trusted
// through NODE_EXTRA_CA_CERTS (amplify-js v6 opens real-time only over wss://).
const fs = require('fs');

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
const { DataStore, initSchema } = require('@aws-amplify/datastore');
const { Hub } = require('aws-amplify/utils');

async function main() {
  const [schemaFile, command, argument] = process.argv.slice(2);
  const introspection = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  // DataStore refuses a schema without a codegen version; the model introspection carries none.
  const models = initSchema({ ...introspection, codegenVersion: '3.4.4', version: 'stratus-conformance' });
  Amplify.configure({
    aws_project_region: 'us-east-1',
    aws_appsync_graphqlEndpoint: process.env.STRATUS_ENDPOINT,
    aws_appsync_region: 'us-east-1',
    aws_appsync_authenticationType: 'API_KEY',
    aws_appsync_apiKey: process.env.STRATUS_API_KEY,
  });
  const events = [];
  let outboxEmpty = () => {};
  const ready = new Promise(resolve => Hub.listen('datastore', ({ payload }) => {
    events.push(payload.event);
    if (payload.event === 'ready') resolve();
    if (payload.event === 'outboxStatus' && payload.data.isEmpty) outboxEmpty();
  }));
  await DataStore.start();
  await ready;

  let result;
  if (command === 'sync') {
    result = {};
    for (const name of Object.keys(introspection.models)) {
      result[name] = await Promise.all((await DataStore.query(models[name])).map(r => plain(introspection.models[name], r)));
    }
  } else if (command === 'save') {
    const { model, fields } = JSON.parse(argument);
    const sent = new Promise(resolve => { outboxEmpty = resolve; });
    const saved = await DataStore.save(new models[model](fields));
    await sent;
    result = await plain(introspection.models[model], saved);
  } else {
    throw new Error(`unknown command '${command}'`);
  }

  console.log(JSON.stringify({ result, events }));
  await DataStore.stop();
  process.exit(0);
}

// A record as JSON: its fields, a belongsTo/hasOne as the related record's key fields, a hasMany as its children's.
async function plain(model, record) {
  const out = {};
  for (const [name, field] of Object.entries(model.fields)) {
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
  for (const key of ['_version', '_deleted', '_lastChangedAt']) out[key] = record[key] ?? null;
  return out;
}

main().catch(e => { console.error((e && e.stack) || e); process.exit(1); });
