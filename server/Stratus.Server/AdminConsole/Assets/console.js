'use strict';
// The Stratus console: one page, no dependencies. The console API (/console/api, /console/graphql) takes the
// admin's credential; the app's API (/graphql) is called as the API key or test user chosen under "Run as".
(() => {
  const $ = (selector) => document.querySelector(selector);
  const state = { credential: sessionStorage.getItem('stratus.console') || '', session: null, models: [], schema: null, runAs: null, page: null, timers: {} };

  // ---- Requests ----------------------------------------------------------------------------------------------
  async function api(path, options = {}) {
    const response = await fetch('/console/api' + path, {
      ...options,
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + state.credential, ...(options.headers || {}) },
    });
    if (response.status === 401) { signOut('Signed out: the credential was refused.'); throw new Error('unauthorized'); }
    if (response.status === 204) return null;
    const body = await response.json();
    if (!response.ok) throw new Error(body.message || (body.errors && body.errors[0].message) || response.statusText);
    return body;
  }

  function runAsHeaders() {
    const runAs = state.runAs;
    if (!runAs) return {};
    return runAs.kind === 'key' ? { 'x-api-key': runAs.value } : { authorization: runAs.value };
  }

  async function graphql(query, variables) {
    if (state.runAs && state.runAs.kind === 'user') await refreshUserToken();
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...runAsHeaders() },
      body: JSON.stringify({ query, variables: variables || {} }),
    });
    const text = await response.text();
    try { return JSON.parse(text); } catch { return { errors: [{ message: `HTTP ${response.status}: ${text}` }] }; }
  }

  // ---- Sign-in -----------------------------------------------------------------------------------------------
  async function signIn(credential) {
    state.credential = credential;
    try {
      state.session = await api('/session');
    } catch (error) {
      $('#signin-error').textContent = error.message === 'unauthorized' ? 'That credential does not open the console.' : error.message;
      return;
    }
    sessionStorage.setItem('stratus.console', credential);
    $('#signin').hidden = true;
    $('#app').hidden = false;
    showTab('editor');
    state.models = await api('/models');
    fillModelSelects();
    await loadRunAs();
    await loadSchema();
    // Shown last: once the admin's name is there, every part of the page is ready.
    $('#who').textContent = state.session.admin;
  }

  function signOut(message) {
    sessionStorage.removeItem('stratus.console');
    state.credential = '';
    Object.values(state.timers).forEach(clearInterval);
    state.timers = {};
    $('#app').hidden = true;
    $('#signin').hidden = false;
    $('#signin-error').textContent = message || '';
  }

  // ---- Run as ------------------------------------------------------------------------------------------------
  async function loadRunAs() {
    const keys = (await api('/keys')).filter((k) => k.state === 'active').map((k) => k.key);
    const select = $('#run-as');
    const previous = select.value;
    select.innerHTML = '';
    const all = [state.session.configuredApiKey, ...keys.filter((k) => k !== state.session.configuredApiKey)];
    for (const key of all) select.append(new Option(`API key ${key.slice(0, 12)}…`, 'key:' + key));
    if (state.session.testIssuer) select.append(new Option('Test user…', 'user'));
    if ([...select.options].some((o) => o.value === previous)) select.value = previous;
    await chooseRunAs();
  }

  async function chooseRunAs() {
    const value = $('#run-as').value;
    $('#test-user').hidden = value !== 'user';
    state.runAs = value.startsWith('key:') ? { kind: 'key', value: value.slice(4) } : { kind: 'user', value: '' };
  }

  async function refreshUserToken() {
    const user = $('#test-user-name').value.trim() || 'console-user';
    const groups = $('#test-user-groups').value.split(',').map((g) => g.trim()).filter(Boolean);
    const { token } = await api('/tokens', { method: 'POST', body: JSON.stringify({ user, groups }) });
    state.runAs = { kind: 'user', value: token };
  }

  // ---- Tabs --------------------------------------------------------------------------------------------------
  function showTab(name) {
    document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
    document.querySelectorAll('.tab').forEach((t) => { t.hidden = t.id !== name; });
    Object.values(state.timers).forEach(clearInterval);
    state.timers = {};
    const every = (ms, fn) => { fn(); state.timers[name] = setInterval(fn, ms); };
    if (name === 'conflicts') every(1000, loadConflicts);
    if (name === 'clients') every(2000, loadClients);
    if (name === 'metrics') every(5000, loadMetrics);
    if (name === 'keys') loadKeys();
  }

  function fillModelSelects() {
    for (const select of [$('#model'), $('#conflict-model')]) {
      for (const model of state.models) select.append(new Option(model.name, model.name));
    }
  }

  // ---- GraphQL editor ----------------------------------------------------------------------------------------
  const introspection = `query IntrospectionForConsole { __schema { queryType { name } mutationType { name } subscriptionType { name }
    types { kind name description fields { name description args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } enumValues { name } } } }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

  async function loadSchema() {
    const result = await graphql(introspection);
    if (!result.data) { $('#docs').textContent = 'Introspection failed: ' + JSON.stringify(result.errors); return; }
    const schema = result.data.__schema;
    state.schema = { roots: { query: schema.queryType?.name, mutation: schema.mutationType?.name, subscription: schema.subscriptionType?.name }, types: new Map(schema.types.map((t) => [t.name, t])) };
    renderDocs();
  }

  const named = (type) => (type.ofType ? named(type.ofType) : type.name);
  const typeText = (type) => type.kind === 'NON_NULL' ? typeText(type.ofType) + '!' : type.kind === 'LIST' ? `[${typeText(type.ofType)}]` : type.name;

  function renderDocs() {
    const filter = $('#docs-search').value.trim().toLowerCase();
    const docs = $('#docs');
    docs.innerHTML = '';
    const roots = Object.values(state.schema.roots).filter(Boolean);
    const types = [...state.schema.types.values()].filter((t) => !t.name.startsWith('__') && (t.fields || t.inputFields || t.enumValues))
      .sort((a, b) => (roots.includes(b.name) - roots.includes(a.name)) || a.name.localeCompare(b.name));
    for (const type of types) {
      const members = (type.fields || type.inputFields || []).map((f) => `${f.name}${f.args && f.args.length ? '(' + f.args.map((a) => a.name + ': ' + typeText(a.type)).join(', ') + ')' : ''}: ${typeText(f.type)}`)
        .concat((type.enumValues || []).map((v) => v.name));
      if (filter && !type.name.toLowerCase().includes(filter) && !members.some((m) => m.toLowerCase().includes(filter))) continue;
      const details = document.createElement('details');
      details.className = 'doc-type';
      details.open = roots.includes(type.name) && !!filter;
      details.innerHTML = `<summary>${type.name}</summary>`;
      for (const member of members) { const line = document.createElement('div'); line.textContent = member; details.append(line); }
      docs.append(details);
    }
  }

  // The type whose fields may be typed at the cursor: walk the document's braces from the operation's root type.
  function completionContext(text) {
    const tokens = text.match(/[_A-Za-z][_0-9A-Za-z]*|[{}()]|"(?:[^"\\]|\\.)*"/g) || [];
    const roots = state.schema.roots;
    const stack = [];
    let operation = roots.query;
    let lastName = null;
    let parens = 0;
    for (const token of tokens) {
      if (parens > 0) { if (token === '(') parens++; if (token === ')') parens--; continue; }
      if (token === '(') { parens = 1; continue; }
      if (stack.length === 0 && (token === 'mutation' || token === 'subscription' || token === 'query')) { operation = roots[token]; continue; }
      if (token === '{') {
        if (stack.length === 0) { stack.push(operation); }
        else { const field = fieldOf(stack[stack.length - 1], lastName); stack.push(field ? named(field.type) : null); }
        continue;
      }
      if (token === '}') { stack.pop(); continue; }
      if (!token.startsWith('"')) lastName = token;
    }
    return parens > 0 ? null : stack[stack.length - 1] || null;
  }

  const fieldOf = (typeName, field) => state.schema.types.get(typeName)?.fields?.find((f) => f.name === field);

  function suggest() {
    const area = $('#query');
    const list = $('#completions');
    if (!state.schema) return;
    const before = area.value.slice(0, area.selectionStart);
    const prefix = (before.match(/[_A-Za-z][_0-9A-Za-z]*$/) || [''])[0];
    const typeName = completionContext(before.slice(0, before.length - prefix.length));
    const fields = (state.schema.types.get(typeName)?.fields || []).filter((f) => f.name.startsWith(prefix) && f.name !== prefix);
    if (!typeName || fields.length === 0) { list.hidden = true; return; }
    list.innerHTML = '';
    fields.slice(0, 50).forEach((field, index) => {
      const item = document.createElement('li');
      item.dataset.name = field.name;
      item.innerHTML = `${field.name}<small>${typeText(field.type)}</small>`;
      if (index === 0) item.className = 'selected';
      item.addEventListener('mousedown', (event) => { event.preventDefault(); accept(field.name); });
      list.append(item);
    });
    list.hidden = false;
  }

  function accept(name) {
    const area = $('#query');
    const before = area.value.slice(0, area.selectionStart);
    const prefix = (before.match(/[_A-Za-z][_0-9A-Za-z]*$/) || [''])[0];
    area.value = before.slice(0, before.length - prefix.length) + name + area.value.slice(area.selectionStart);
    const cursor = before.length - prefix.length + name.length;
    area.setSelectionRange(cursor, cursor);
    $('#completions').hidden = true;
    area.focus();
  }

  function moveSelection(step) {
    const items = [...$('#completions').children];
    const index = items.findIndex((i) => i.classList.contains('selected'));
    items.forEach((i) => i.classList.remove('selected'));
    const next = items[(index + step + items.length) % items.length];
    next.classList.add('selected');
    next.scrollIntoView({ block: 'nearest' });
  }

  async function run() {
    const query = $('#query').value;
    let variables;
    try { variables = JSON.parse($('#variables').value || '{}'); } catch (error) { $('#result').textContent = 'Variables are not JSON: ' + error.message; return; }
    $('#result').textContent = 'Running…';
    const result = await graphql(query, variables);
    $('#result').textContent = JSON.stringify(result, null, 2);
    const history = JSON.parse(localStorage.getItem('stratus.console.history') || '[]').filter((h) => h.query !== query);
    history.unshift({ query, variables: $('#variables').value });
    localStorage.setItem('stratus.console.history', JSON.stringify(history.slice(0, 30)));
    renderHistory();
  }

  function renderHistory() {
    const list = $('#history');
    list.innerHTML = '';
    for (const entry of JSON.parse(localStorage.getItem('stratus.console.history') || '[]')) {
      const item = document.createElement('li');
      item.textContent = entry.query.replace(/\s+/g, ' ');
      item.title = entry.query;
      item.addEventListener('click', () => { $('#query').value = entry.query; $('#variables').value = entry.variables; });
      list.append(item);
    }
  }

  // ---- Data browser ------------------------------------------------------------------------------------------
  const currentModel = () => state.models.find((m) => m.name === $('#model').value);

  function selection(model) {
    const simple = model.fields.filter((f) => f.kind === 'Scalar' || f.kind === 'Enum').map((f) => f.name);
    return [...simple, '_version', '_lastChangedAt', '_deleted'].join(' ');
  }

  async function loadItems(nextToken) {
    const model = currentModel();
    $('#data-error').textContent = '';
    let filter = null;
    if ($('#filter').value.trim()) {
      try { filter = JSON.parse($('#filter').value); } catch (error) { $('#data-error').textContent = 'The filter is not JSON: ' + error.message; return; }
    }
    const limit = Number($('#page-size').value) || 50;
    const query = `query Browse($filter: Model${model.name}FilterInput, $limit: Int, $nextToken: String) {
      ${model.operations.sync}(filter: $filter, limit: $limit, nextToken: $nextToken, lastSync: 0) { items { ${selection(model)} } nextToken startedAt } }`;
    const result = await graphql(query, { filter, limit, nextToken: nextToken || null });
    if (result.errors) { $('#data-error').textContent = result.errors.map((e) => `${e.errorType || 'Error'}: ${e.message}`).join('\n'); return; }
    const page = result.data[model.operations.sync];
    state.page = { model, nextToken: page.nextToken };
    $('#next-page').disabled = !page.nextToken;
    renderItems(model, page.items);
  }

  function renderItems(model, items) {
    const columns = [...model.fields.filter((f) => f.kind === 'Scalar' || f.kind === 'Enum').map((f) => f.name), '_version', '_lastChangedAt', '_deleted'];
    $('#items thead').innerHTML = '<tr>' + columns.map((c) => `<th>${c}</th>`).join('') + '</tr>';
    const body = $('#items tbody');
    body.innerHTML = '';
    for (const item of items) {
      const row = document.createElement('tr');
      if (item._deleted) row.className = 'tombstone';
      for (const column of columns) {
        const cell = document.createElement('td');
        const value = item[column];
        cell.textContent = column === '_lastChangedAt' && value ? new Date(value).toISOString() : value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
        row.append(cell);
      }
      row.addEventListener('click', () => showItem(model, item));
      body.append(row);
    }
  }

  async function showItem(model, item) {
    $('#item-detail').hidden = false;
    $('#item-message').textContent = '';
    const writable = new Set([...model.keyFields, ...model.inputFields, '_version']);
    const editable = Object.fromEntries(Object.entries(item).filter(([name]) => writable.has(name)));
    $('#item-json').value = JSON.stringify(editable, null, 2);
    state.item = { model, item };
    const key = Object.fromEntries(model.keyFields.map((k) => [k, item[k]]));
    const deltas = await api(`/deltas?model=${encodeURIComponent(model.name)}&key=${encodeURIComponent(JSON.stringify(key))}`);
    const body = $('#deltas tbody');
    body.innerHTML = '';
    for (const delta of deltas) {
      const row = document.createElement('tr');
      row.innerHTML = `<td>${delta.version}</td><td>${delta.deleted}</td><td>${new Date(delta.lastChangedAt).toISOString()}</td><td>${new Date(delta.expiresAt).toISOString()}</td><td></td>`;
      row.lastChild.textContent = JSON.stringify(delta.data);
      body.append(row);
    }
  }

  async function mutateItem(kind) {
    const { model } = state.item;
    let input;
    try { input = JSON.parse($('#item-json').value); } catch (error) { $('#item-message').textContent = 'Not JSON: ' + error.message; return; }
    if (kind === 'delete') input = Object.fromEntries([...model.keyFields, '_version'].map((k) => [k, input[k]]));
    const field = kind === 'delete' ? model.operations.delete : model.operations.update;
    const inputType = `${kind === 'delete' ? 'Delete' : 'Update'}${model.name}Input`;
    const result = await graphql(`mutation Edit($input: ${inputType}!) { ${field}(input: $input) { ${selection(model)} } }`, { input });
    if (result.errors) { $('#item-message').textContent = result.errors.map((e) => `${e.errorType || 'Error'}: ${e.message}`).join('\n'); return; }
    const stored = result.data[field];
    await showItem(model, stored);
    await loadItems();
    $('#item-message').textContent = `${kind === 'delete' ? 'Deleted' : 'Saved'}: now version ${stored._version}`;
  }

  // Refreshed tables are rebuilt only when their rows changed, so a row being clicked stays in the page.
  function unchanged(body, rows) {
    const signature = JSON.stringify(rows);
    if (body.dataset.signature === signature) return true;
    body.dataset.signature = signature;
    return false;
  }

  // ---- Conflict inbox ----------------------------------------------------------------------------------------
  async function loadConflicts() {
    const params = new URLSearchParams({ model: $('#conflict-model').value, outcome: $('#conflict-outcome').value, limit: '100' });
    const conflicts = await api('/conflicts?' + params);
    const body = $('#conflict-list tbody');
    if (unchanged(body, conflicts)) return;
    body.innerHTML = '';
    for (const conflict of conflicts) {
      const row = document.createElement('tr');
      for (const value of [new Date(conflict.at).toISOString(), conflict.model, conflict.pk, conflict.operation, conflict.strategy, conflict.outcome, conflict.caller || '']) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
      }
      row.addEventListener('click', () => showDiff(conflict));
      body.append(row);
    }
  }

  function showDiff(conflict) {
    const incoming = JSON.parse(conflict.incoming);
    const server = JSON.parse(conflict.serverItem);
    const names = [...new Set([...Object.keys(incoming), ...Object.keys(server)])].sort();
    const body = $('#conflict-diff tbody');
    body.innerHTML = '';
    for (const name of names) {
      const left = name in incoming ? JSON.stringify(incoming[name]) : '';
      const right = name in server ? JSON.stringify(server[name]) : '';
      const row = document.createElement('tr');
      [name, left, right].forEach((text, index) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (index > 0 && name in incoming && left !== right) cell.className = 'changed';
        row.append(cell);
      });
      body.append(row);
    }
    $('#conflict-diff').hidden = false;
  }

  // ---- Clients -----------------------------------------------------------------------------------------------
  const ago = (ms) => ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : ms < 3600000 ? `${(ms / 60000).toFixed(1)} min` : `${(ms / 3600000).toFixed(1)} h`;

  async function loadClients() {
    const { now, clients } = await api('/clients');
    const body = $('#client-list tbody');
    body.innerHTML = '';
    for (const client of clients) {
      const models = client.models.length ? client.models : [null];
      for (const model of models) {
        const row = document.createElement('tr');
        const values = model
          ? [client.caller, model.model, model.lastSync ? new Date(model.lastSync).toISOString() : 'base sync', model.lastSync ? ago(now - model.lastSync) : 'full', model.lastBaseSyncAt || '', model.syncs, client.requests, client.errors]
          : [client.caller, '', '', '', '', 0, client.requests, client.errors];
        for (const value of values) { const cell = document.createElement('td'); cell.textContent = value; row.append(cell); }
        body.append(row);
      }
    }
    const connections = await api('/connections');
    const list = $('#connection-list tbody');
    if (unchanged(list, connections)) return;
    list.innerHTML = '';
    for (const connection of connections) {
      const row = document.createElement('tr');
      for (const value of [connection.id, connection.caller || '', connection.openedAt, connection.subscriptions.join(', ')]) {
        const cell = document.createElement('td'); cell.textContent = value; row.append(cell);
      }
      const cell = document.createElement('td');
      const button = document.createElement('button');
      button.textContent = 'Disconnect';
      button.className = 'danger';
      button.addEventListener('click', async () => { await api('/connections/' + connection.id, { method: 'DELETE' }); loadClients(); });
      cell.append(button);
      row.append(cell);
      list.append(row);
    }
  }

  // ---- Metrics -----------------------------------------------------------------------------------------------
  function chart(title, points) {
    const width = 300, height = 90, max = Math.max(1, ...points.map((p) => p ?? 0));
    const coordinates = points.map((p, i) => `${(i / (points.length - 1)) * width},${height - ((p ?? 0) / max) * (height - 10)}`).join(' ');
    const last = points[points.length - 1];
    return `<div class="chart" data-metric="${title}"><h4>${title}: ${last === null || last === undefined ? '–' : Math.round(last * 100) / 100}</h4>
      <svg width="${width}" height="${height + 12}" role="img" aria-label="${title}"><line class="axis" x1="0" y1="${height}" x2="${width}" y2="${height}"/>
      <polyline points="${coordinates}"/><text x="0" y="${height + 11}">-60 min</text><text x="${width - 24}" y="${height + 11}">now</text>
      <text x="${width - 40}" y="9">max ${Math.round(max * 100) / 100}</text></svg></div>`;
  }

  async function loadMetrics() {
    const minutes = await api('/metrics');
    const outcomes = [...new Set(minutes.flatMap((m) => Object.keys(m.conflicts)))];
    $('#charts').innerHTML = [
      chart('requests', minutes.map((m) => m.requests)),
      chart('p99 latency ms', minutes.map((m) => m.p99Milliseconds)),
      chart('mutations', minutes.map((m) => m.mutations)),
      chart('sync pages', minutes.map((m) => m.syncPages)),
      chart('connections', minutes.map((m) => m.connections)),
      ...(outcomes.length ? outcomes : ['merged']).map((o) => chart(`conflicts ${o}`, minutes.map((m) => m.conflicts[o] || 0))),
    ].join('');
  }

  // ---- Keys --------------------------------------------------------------------------------------------------
  async function loadKeys() {
    const keys = await api('/keys');
    const body = $('#key-list tbody');
    body.innerHTML = '';
    for (const key of keys) {
      const row = document.createElement('tr');
      row.dataset.key = key.key;
      for (const value of [key.key, key.description || '', key.state, new Date(key.createdAt).toISOString(), key.expiresAt ? new Date(key.expiresAt).toISOString() : 'never']) {
        const cell = document.createElement('td'); cell.textContent = value; row.append(cell);
      }
      const cell = document.createElement('td');
      if (key.state === 'active') {
        const button = document.createElement('button');
        button.textContent = 'Revoke';
        button.className = 'danger';
        button.addEventListener('click', async () => { await api('/keys/' + encodeURIComponent(key.key), { method: 'DELETE' }); await loadKeys(); await loadRunAs(); });
        cell.append(button);
      }
      row.append(cell);
      body.append(row);
    }
  }

  // ---- Wiring ------------------------------------------------------------------------------------------------
  $('#signin-form').addEventListener('submit', (event) => { event.preventDefault(); signIn($('#credential').value.trim()); });
  $('#signout').addEventListener('click', () => signOut());
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('#run-as').addEventListener('change', async () => { await chooseRunAs(); await loadSchema(); });
  $('#run').addEventListener('click', run);
  $('#query').addEventListener('input', suggest);
  $('#query').addEventListener('keydown', (event) => {
    const open = !$('#completions').hidden;
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') { event.preventDefault(); run(); }
    else if ((event.ctrlKey && event.key === ' ')) { event.preventDefault(); suggest(); }
    else if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) { event.preventDefault(); moveSelection(event.key === 'ArrowDown' ? 1 : -1); }
    else if (open && (event.key === 'Enter' || event.key === 'Tab')) { event.preventDefault(); accept($('#completions li.selected').dataset.name); }
    else if (open && event.key === 'Escape') { $('#completions').hidden = true; }
  });
  $('#query').addEventListener('blur', () => setTimeout(() => { $('#completions').hidden = true; }, 150));
  $('#docs-search').addEventListener('input', renderDocs);
  $('#load-items').addEventListener('click', () => loadItems());
  $('#next-page').addEventListener('click', () => loadItems(state.page?.nextToken));
  $('#model').addEventListener('change', () => { $('#item-detail').hidden = true; loadItems(); });
  $('#save-item').addEventListener('click', () => mutateItem('update'));
  $('#delete-item').addEventListener('click', () => mutateItem('delete'));
  $('#conflict-model').addEventListener('change', loadConflicts);
  $('#conflict-outcome').addEventListener('change', loadConflicts);
  $('#key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const days = Number($('#key-days').value) || null;
    const created = await api('/keys', { method: 'POST', body: JSON.stringify({ description: $('#key-description').value || null, expiresDays: days }) });
    $('#key-created').textContent = 'Created ' + created.key;
    await loadKeys();
    await loadRunAs();
  });
  renderHistory();
  if (state.credential) signIn(state.credential);
})();
