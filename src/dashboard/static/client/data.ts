/** Client: the Data page — browse tables (server-side paging, sorting, filters, CSV export) and the SQL editor. */
export const DATA_JS = String.raw`
var lastSql = null;
Pages.data = function (root, params) {
  var mode = params[0] === 'sql' ? 'sql' : 'table';
  return api('/api/tables').then(function (o) {
    var tables = o.tables;
    var selected = mode === 'table' ? (params[0] || (tables[0] && tables[0].name)) : null;
    subtitle(tables.filter(function (t) { return !t.system; }).length + ' data tables · ' + fmtNum(sum(tables.filter(function (t) { return !t.system; }).reduce(function (a, t) { a[t.name] = t.rowCount; return a; }, {}))) + ' rows');
    root.appendChild(h('div', { class: 'tabs' },
      h('a', { class: 'tab' + (mode === 'table' ? ' active' : ''), id: 'tab-browse', href: '#/data/' + encodeURIComponent(selected || (tables[0] && tables[0].name) || '') }, 'Browse tables'),
      h('a', { class: 'tab' + (mode === 'sql' ? ' active' : ''), id: 'tab-sql', href: '#/data/sql' }, 'SQL query')));
    if (o.error) root.appendChild(alertBox(o.error, 'warn'));
    if (mode === 'sql') { root.appendChild(sqlEditor(tables)); return; }
    var list = h('ul', { class: 'tlist', id: 'table-list' });
    var dataT = tables.filter(function (t) { return !t.system; }), sysT = tables.filter(function (t) { return t.system; });
    function depthOf(t) { var d = 0, p = t.parent; while (p) { d++; var pp = tables.filter(function (x) { return x.name === p; })[0]; p = pp && pp.parent; } return d; }
    function item(t) {
      var d = depthOf(t);
      return h('li', null, h('a', { href: '#/data/' + encodeURIComponent(t.name), class: t.name === selected ? 'active' : '', 'data-table': t.name },
        h('span', { class: 'name', title: t.name }, d ? h('span', { class: 'indent', text: '\u00a0'.repeat((d - 1) * 2) + '└ ' }) : null, t.name),
        h('span', { class: 'count', text: fmtNum(t.rowCount) })));
    }
    list.appendChild(h('li', { class: 'group', text: 'Data tables' }));
    dataT.forEach(function (t) { list.appendChild(item(t)); });
    if (sysT.length) { list.appendChild(h('li', { class: 'group', text: 'System tables' })); sysT.forEach(function (t) { list.appendChild(item(t)); }); }
    var right = h('div', { style: 'min-width:0' });
    root.appendChild(h('div', { class: 'grid sidebar-left' }, card(null, list, { flush: true }), right));
    if (o.error) right.appendChild(card(null, empty('The rows are not available: see the message above.')));
    else if (selected) right.appendChild(tableBrowser(selected));
    else right.appendChild(card(null, empty('No tables yet.')));
  });
};

function tableBrowser(name) {
  var st = { offset: 0, limit: 50, sort: null, dir: 'asc', filters: {}, total: null, cursor: null };
  var head = h('div', { class: 'card-head' });
  var gridBox = h('div', { class: 'grid-scroll' });
  var msg = h('div');
  var el = h('section', { class: 'card', id: 'table-browser', 'data-table': name }, head, msg, gridBox);
  var filterTimer = null, columnsCache = null;
  function params(extra) {
    var f = {}; Object.keys(st.filters).forEach(function (k) { if (st.filters[k]) f[k] = st.filters[k]; });
    return qs(Object.assign({ table: name, sort: st.sort, dir: st.dir, filters: Object.keys(f).length ? JSON.stringify(f) : null }, extra || {}));
  }
  // seek: { after: cursor } or { before: cursor } of the page shown, for the page next to it (the offset still counts the rows).
  function load(withCount, seek) {
    el.setAttribute('aria-busy', 'true');
    var at = { offset: st.offset, limit: st.limit, count: withCount ? 1 : null };
    if (seek && seek.after) at.after = JSON.stringify(seek.after);
    if (seek && seek.before) at.before = JSON.stringify(seek.before);
    return api('/api/table?' + params(at)).then(function (r) {
      clear(msg);
      if (withCount) st.total = r.total;
      st.cursor = r.cursor;
      columnsCache = r.columns;
      render(r);
      el.setAttribute('aria-busy', 'false');
    }, function (e) { clear(msg).appendChild(h('div', { class: 'card-body' }, alertBox(e.message))); el.setAttribute('aria-busy', 'false'); });
  }
  function render(r) {
    var from = r.rows.length ? st.offset + 1 : 0, to = st.offset + r.rows.length;
    clear(head).appendChild(h('div', { class: 'toolbar', style: 'width:100%' },
      h('span', { class: 'table-title', text: name }),
      h('span', { class: 'muted', id: 'page-info', text: fmtNum(from) + '–' + fmtNum(to) + ' of ' + fmtNum(st.total) + ' rows' }),
      h('span', { class: 'spacer' }),
      h('select', { id: 'page-size', onchange: function (e) { st.limit = Number(e.target.value); st.offset = 0; load(false); } },
        [25, 50, 100, 250, 1000].map(function (n) { return h('option', { value: n, selected: n === st.limit, text: n + ' / page' }); })),
      h('button', { class: 'btn', id: 'prev-page', disabled: st.offset === 0, onclick: function () { st.offset = Math.max(0, st.offset - st.limit); load(false, st.offset > 0 && st.cursor && st.cursor.first ? { before: st.cursor.first } : null); } }, '‹ Prev'),
      h('button', { class: 'btn', id: 'next-page', disabled: st.total !== null ? to >= st.total : r.rows.length < st.limit, onclick: function () { st.offset += st.limit; load(false, st.cursor && st.cursor.last ? { after: st.cursor.last } : null); } }, 'Next ›'),
      h('a', { class: 'btn', id: 'export-table-csv', href: '/api/table.csv?' + params(), download: name + '.csv' }, 'Export CSV')));
    var thead = h('thead', null,
      h('tr', null, r.columns.map(function (c) {
        var arrow = st.sort === c.name ? (st.dir === 'asc' ? ' ▲' : ' ▼') : '';
        return h('th', { class: 'sortable', 'data-col': c.name, title: 'Sort by ' + c.name, onclick: function () {
          if (st.sort === c.name) st.dir = st.dir === 'asc' ? 'desc' : 'asc'; else { st.sort = c.name; st.dir = 'asc'; }
          st.offset = 0; load(false);
        } }, c.name + arrow, h('span', { class: 'type', text: c.dataType || '' }));
      })),
      h('tr', { class: 'filters' }, r.columns.map(function (c) {
        var numeric = /bigint|double|decimal|timestamp|date|time|bool/.test(c.dataType || '');
        return h('th', null, h('input', { 'data-filter': c.name, value: st.filters[c.name] || '', placeholder: numeric ? '= < >' : 'contains…', title: 'null, !null, =v, !=v, <v, <=v, >v, >=v' + (numeric ? '' : ', or text to search for'),
          oninput: function (e) { st.filters[c.name] = e.target.value; clearTimeout(filterTimer); filterTimer = setTimeout(function () { st.offset = 0; load(true).then(function () { var i = gridBox.querySelector('[data-filter="' + c.name + '"]'); if (i) { i.focus(); i.setSelectionRange(i.value.length, i.value.length); } }); }, 350); } }));
      })));
    var tbody = h('tbody', null, r.rows.map(function (row) { return h('tr', null, row.map(cellValue)); }));
    clear(gridBox).appendChild(h('table', { class: 'tbl', id: 'data-grid' }, thead, tbody));
    if (!r.rows.length) gridBox.appendChild(empty('No rows match.'));
  }
  load(true);
  return el;
}

function sqlEditor(tables) {
  var first = tables.filter(function (t) { return !t.system; })[0];
  var ta = h('textarea', { class: 'sql', id: 'sql-input', spellcheck: 'false',
    value: lastSql !== null ? lastSql : first ? 'SELECT *\nFROM ' + first.name + '\nLIMIT 100' : 'SELECT 1',
    onkeydown: function (e) { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); run(); } } });
  var status = h('span', { class: 'muted', id: 'sql-status' });
  var out = h('div', { id: 'sql-result' });
  var exportBtn = h('button', { class: 'btn', id: 'export-sql-csv', disabled: true, onclick: function () { if (result) download('query.csv', toCsv(result.columns, result.rows), 'text/csv'); } }, 'Export CSV');
  var result = null;
  function run() {
    lastSql = ta.value;
    clear(out); status.textContent = 'Running…'; exportBtn.disabled = true; result = null;
    api('/api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: ta.value }) }).then(function (r) {
      result = r;
      status.textContent = fmtNum(r.rows.length) + ' row' + (r.rows.length === 1 ? '' : 's') + (r.truncated ? ' (first ' + fmtNum(r.limit) + ' shown)' : '') + ' · ' + r.elapsedMs + ' ms';
      exportBtn.disabled = !r.columns.length;
      out.appendChild(h('div', { class: 'grid-scroll' }, h('table', { class: 'tbl', id: 'sql-grid' },
        h('thead', null, h('tr', null, r.columns.map(function (c) { return h('th', { text: c }); }))),
        h('tbody', null, r.rows.map(function (row) { return h('tr', null, row.map(cellValue)); })))));
      if (!r.rows.length) out.appendChild(empty('The query returned no rows.'));
    }, function (e) {
      status.textContent = '';
      out.appendChild(h('div', { class: 'card-body' }, alertBox((e.body && e.body.refused ? 'Refused: ' : 'Query failed: ') + e.message, 'bad pre')));
    });
  }
  var names = h('div', { class: 'muted', style: 'font-size:12.5px' }, 'Tables: ', tables.map(function (t, i) {
    return [i ? ', ' : '', h('a', { href: '#', class: 'mono', onclick: function (e) { e.preventDefault(); ta.value = 'SELECT *\nFROM ' + t.name + '\nLIMIT 100'; ta.focus(); }, text: t.name })];
  }));
  return h('section', { class: 'card', id: 'sql-editor' },
    h('div', { class: 'card-head' }, h('h2', { text: 'SQL query' }), h('div', { class: 'meta', text: 'read-only · one statement · first 1,000 rows · Ctrl+Enter runs' })),
    h('div', { class: 'card-body', style: 'display:flex; flex-direction:column; gap:10px' }, ta,
      h('div', { class: 'toolbar' }, h('button', { class: 'btn primary', id: 'run-sql', onclick: run }, 'Run query'), exportBtn, status), names),
    out);
}
`;
