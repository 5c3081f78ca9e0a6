/** Client: the Schema page (table tree, columns with hints, toggles, diagram, version history, YAML download). */
export const SCHEMA_JS = String.raw`
var schemaView = { dlt: false, children: true, system: false };
Pages.schema = function (root, params) {
  var name = params[0] || '';
  return api('/api/schema?' + qs({ name: name })).then(function (o) {
    var sc = o.schema;
    subtitle('Schema ' + sc.name + ' · version ' + sc.version + ' · ' + sc.tables.filter(function (t) { return !t.system; }).length + ' data tables');
    var body = h('div', { class: 'grid' });
    function toggle(key, label) {
      return h('label', { class: 'toggle' }, h('input', { type: 'checkbox', id: 'toggle-' + key, checked: schemaView[key], onchange: function (e) { schemaView[key] = e.target.checked; draw(); } }), label);
    }
    var picker = o.names.length > 1 ? h('select', { onchange: function (e) { location.hash = '#/schema/' + encodeURIComponent(e.target.value); } },
      o.names.map(function (n) { return h('option', { value: n, selected: n === sc.name, text: n }); })) : null;
    root.appendChild(h('div', { class: 'card' }, h('div', { class: 'card-body toolbar' },
      picker, toggle('dlt', 'Show _dlt columns'), toggle('children', 'Show child tables'), toggle('system', 'Show system tables'),
      h('span', { class: 'spacer' }),
      h('a', { class: 'btn', id: 'download-yaml', href: '/api/schema.yaml?' + qs({ name: sc.name }), download: sc.name + '.schema.yaml' }, 'Download YAML'))));
    root.appendChild(body);

    function visible() {
      return sc.tables.filter(function (t) { return (schemaView.system || !t.system) && (schemaView.children || !t.parent); });
    }
    function draw() {
      clear(body);
      var ts = visible();
      var tree = h('ul', { class: 'tlist', id: 'schema-tree' });
      function addTree(t, depth) {
        tree.appendChild(h('li', null, h('a', { href: '#', onclick: function (e) { e.preventDefault(); var el = document.getElementById('table-' + t.name); if (el) el.scrollIntoView({ behavior: 'smooth', block: 'start' }); } },
          h('span', { class: 'name', title: t.name }, depth ? h('span', { class: 'indent', text: '\u00a0'.repeat((depth - 1) * 3) + '└ ' }) : null, t.name),
          h('span', { class: 'count', text: t.columns.length + ' cols' }))));
        ts.filter(function (c) { return c.parent === t.name; }).forEach(function (c) { addTree(c, depth + 1); });
      }
      ts.filter(function (t) { return !t.parent || !ts.some(function (x) { return x.name === t.parent; }); }).forEach(function (t) { addTree(t, 0); });
      var cards = h('div', { class: 'grid', id: 'schema-tables' }, ts.map(tableCard));
      body.appendChild(h('div', { class: 'grid sidebar-left' }, card('Tables', tree, { flush: true }), cards));
      body.appendChild(card('Diagram', schemaDiagram(ts), { flush: true, id: 'schema-diagram', meta: 'child tables link to their parent by _dlt_parent_id → _dlt_id' }));
      body.appendChild(versionsCard(sc, o.versions, o.versionsError));
    }
    function tableCard(t) {
      var cols = t.columns.filter(function (c) { return schemaView.dlt || c.name.slice(0, 5) !== '_dlt_' || t.system; });
      var meta = [t.parent ? 'child of ' + t.parent : null, t.writeDisposition ? 'write: ' + t.writeDisposition : null, t.resource && !t.parent ? 'resource: ' + t.resource : null].filter(Boolean).join(' · ');
      return h('section', { class: 'card', id: 'table-' + t.name },
        h('div', { class: 'card-head' }, h('span', { class: 'table-title', text: t.name }), h('div', { class: 'meta', text: meta })),
        h('div', { class: 'card-body flush' }, table([
          { label: 'Column', width: '32%', render: function (c) { return h('code', { text: c.name }); } },
          { label: 'Type', width: '16%', render: function (c) { return c.dataType ? badge(c.dataType, 'accent') : h('span', { class: 'muted', text: 'no data yet' }); } },
          { label: 'Nullable', width: '12%', render: function (c) { return c.nullable ? 'yes' : h('b', { text: 'no' }); } },
          { label: 'Hints', render: function (c) { return c.hints.map(function (x) { return chip(x, /key|unique/.test(x) ? 'key' : /^x-/.test(x) ? '' : 'dlt'); }); } },
        ], cols, { cls: 'fixed' })));
    }
    draw();
  });
};

function versionsCard(sc, versions, error) {
  var prev = sc.previousHashes.length ? sc.previousHashes.map(function (x) { return h('div', null, h('code', { text: x })); }) : h('span', { class: 'muted', text: 'none' });
  return card('Version history', h('div', null,
    h('div', { class: 'card-body' }, kv([['Current version', h('b', { text: String(sc.version) })], ['Version hash', h('code', { text: sc.versionHash })], ['Previous hashes', prev]])),
    error ? h('div', { class: 'card-body' }, alertBox('_dlt_version: ' + error, 'warn')) :
      versions.length ? table([
        { label: 'Version', cls: 'num', render: function (v) { return String(v.version); } },
        { label: 'Version hash', render: function (v) { return h('code', { text: v.version_hash }); } },
        { label: 'Inserted at', render: function (v) { return fmtTime(v.inserted_at); } },
        { label: 'Engine', cls: 'num', render: function (v) { return String(v.engine_version); } },
        { label: '', render: function (v) { return v.version_hash === sc.versionHash ? badge('current', 'ok') : ''; } },
      ], versions, { id: 'schema-versions' }) : empty('No rows in _dlt_version yet.')), { flush: true, id: 'schema-version-history', meta: versions.length + ' row(s) in _dlt_version' });
}

/** Tables as boxes in columns by nesting depth, with elbow links from child to parent. */
function schemaDiagram(ts) {
  var depthOf = {}, byName = {};
  ts.forEach(function (t) { byName[t.name] = t; });
  function depth(t) { if (depthOf[t.name] !== undefined) return depthOf[t.name]; var p = t.parent && byName[t.parent]; return (depthOf[t.name] = p ? depth(p) + 1 : 0); }
  var order = [];
  function visit(t) { order.push(t); ts.filter(function (c) { return c.parent === t.name; }).forEach(visit); }
  ts.filter(function (t) { return !t.parent || !byName[t.parent]; }).forEach(visit);
  var BW = 230, BH = 46, GX = 60, GY = 14, P = 16, rowOf = {};
  var maxDepth = 0;
  order.forEach(function (t, i) { rowOf[t.name] = i; maxDepth = Math.max(maxDepth, depth(t)); });
  var W = P * 2 + (maxDepth + 1) * BW + maxDepth * GX, H = P * 2 + order.length * (BH + GY) - GY;
  if (!order.length) return empty('No tables to draw.');
  var svgEl = s('svg', { viewBox: '0 0 ' + W + ' ' + H, style: 'max-width:' + W + 'px', role: 'img', 'aria-label': 'table diagram' });
  function pos(t) { return { x: P + depth(t) * (BW + GX), y: P + rowOf[t.name] * (BH + GY) }; }
  order.forEach(function (t) {
    if (!t.parent || !byName[t.parent]) return;
    var a = pos(byName[t.parent]), b = pos(t), x0 = a.x + 18, y0 = a.y + BH, mx = x0, y1 = b.y + BH / 2;
    svgEl.appendChild(s('path', { d: 'M' + x0 + ' ' + y0 + ' V' + y1 + ' H' + b.x, fill: 'none', stroke: '#a5b4fc', 'stroke-width': 1.6 }));
    svgEl.appendChild(s('circle', { cx: b.x, cy: y1, r: 3, fill: '#6366f1' }));
    void mx;
  });
  order.forEach(function (t) {
    var p = pos(t), dataCols = t.columns.filter(function (c) { return c.name.slice(0, 5) !== '_dlt_'; }).length;
    var label = t.name.length > 28 ? t.name.slice(0, 27) + '…' : t.name;
    svgEl.appendChild(s('g', { class: 'tbox' }, s('title', { text: t.name + (t.parent ? ' (child of ' + t.parent + ')' : '') }),
      s('rect', { x: p.x, y: p.y, width: BW, height: BH, rx: 8, fill: t.system ? '#f9fafb' : t.parent ? '#ffffff' : '#eef2ff', stroke: t.parent ? '#c7d2fe' : '#818cf8', 'stroke-width': 1.3 }),
      s('text', { class: 'tname', x: p.x + 12, y: p.y + 20, text: label }),
      s('text', { x: p.x + 12, y: p.y + 36, text: dataCols + ' data column' + (dataCols === 1 ? '' : 's') + (t.writeDisposition ? ' · ' + t.writeDisposition : '') })));
  });
  return h('div', { class: 'diagram', style: 'padding:12px; overflow:auto' }, svgEl);
}
`;
