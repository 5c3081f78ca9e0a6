/** Client: the Loads page (history from _dlt_loads and a stacked bar chart of rows per run). */
export const LOADS_JS = String.raw`
Pages.loads = function (root) {
  return api('/api/loads').then(function (o) {
    var loads = o.loads;
    subtitle(loads.length + ' load' + (loads.length === 1 ? '' : 's') + ' recorded in _dlt_loads');
    if (o.error) root.appendChild(alertBox(o.error, 'warn'));
    var tables = [];
    loads.forEach(function (l) { Object.keys(l.rows).forEach(function (t) { if (tables.indexOf(t) < 0) tables.push(t); }); });
    root.appendChild(card('Rows loaded per run', loads.length ? loadsChart(loads.slice().reverse(), tables) : empty('No loads yet.'),
      { flush: true, id: 'loads-chart', meta: 'stacked by table, oldest left' }));
    root.appendChild(card('Load history', loads.length ? table([
      { label: 'Load id', render: function (l) { return h('code', { text: l.loadId }); } },
      { label: 'Loaded at', cls: 'nowrap', render: function (l) { return fmtTime(l.insertedAt); } },
      { label: 'Status', render: function (l) { return l.status === 0 ? badge('loaded', 'ok') : badge('status ' + l.status, 'warn'); } },
      { label: 'Schema', cls: 'nowrap', render: function (l) { return h('span', null, l.schemaName || '—', l.schemaVersion ? h('span', null, ' ', badge('v' + l.schemaVersion, 'accent')) : null); } },
      { label: 'Version hash', render: function (l) { return h('code', { title: l.schemaVersionHash, text: shortHash(l.schemaVersionHash) }); } },
      { label: 'Rows', cls: 'num', render: function (l) { return h('b', { text: fmtNum(sum(l.rows)) }); } },
      { label: 'Rows per table', render: function (l) {
          var ks = Object.keys(l.rows);
          if (!ks.length) return h('span', { class: 'muted', text: 'no data rows' });
          return [ks.map(function (t) { return chip(t + ' ' + fmtNum(l.rows[t]), '', null); }),
            l.rowsSource === 'destination' ? h('span', { class: 'muted', title: 'the package is not in this working dir; counted by _dlt_load_id in the root tables', text: ' (from destination)' }) : null];
        } },
    ], loads, { id: 'loads-table' }) : empty('No loads yet.'), { flush: true }));
    if (o.orphanPackages.length) root.appendChild(alertBox(o.orphanPackages.length + ' loaded package(s) in the working dir are not in _dlt_loads of this dataset: ' + o.orphanPackages.join(', '), 'warn'));
  });
};

function loadsChart(loads, tables) {
  var W = 1000, H = 260, L = 56, R = 16, T = 16, B = 44;
  var totals = loads.map(function (l) { return sum(l.rows); });
  var max = niceMax(Math.max.apply(null, totals.concat([0])));
  var n = loads.length, step = (W - L - R) / n, bw = Math.min(56, step * 0.62);
  var svgEl = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'rows loaded per run' });
  for (var i = 0; i <= 4; i++) {
    var v = max * i / 4, y = T + (H - T - B) * (1 - i / 4);
    svgEl.appendChild(s('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: i ? '#eef0f5' : '#d0d5dd' }));
    svgEl.appendChild(s('text', { x: L - 8, y: y + 4, 'text-anchor': 'end', text: fmtShort(v) }));
  }
  var every = Math.ceil(n / 12);
  loads.forEach(function (l, i) {
    var x = L + step * i + (step - bw) / 2, y0 = H - B;
    var g = s('g', { class: 'bar' }, s('title', { text: l.loadId + ' · ' + fmtTime(l.insertedAt) + '\n' + Object.keys(l.rows).map(function (t) { return t + ': ' + fmtNum(l.rows[t]); }).join('\n') }));
    tables.forEach(function (t, ti) {
      var v = l.rows[t] || 0; if (!v) return;
      var bh = (H - T - B) * v / max;
      y0 -= bh;
      g.appendChild(s('rect', { x: x, y: y0, width: bw, height: Math.max(bh, 0.5), fill: PALETTE[ti % PALETTE.length], rx: 2 }));
    });
    svgEl.appendChild(g);
    if (i % every === 0) {
      var d = loadIdDate(l.loadId) || new Date(l.insertedAt);
      svgEl.appendChild(s('text', { x: x + bw / 2, y: H - B + 16, 'text-anchor': 'middle', text: pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) }));
      svgEl.appendChild(s('text', { x: x + bw / 2, y: H - B + 30, 'text-anchor': 'middle', text: fmtShort(totals[i]) + ' rows' }));
    }
  });
  return h('div', null, h('div', { class: 'chart', style: 'padding:8px 8px 0' }, svgEl),
    h('div', { class: 'legend' }, tables.map(function (t, ti) { return h('span', null, h('i', { style: 'background:' + PALETTE[ti % PALETTE.length] }), t); })));
}
function fmtShort(v) {
  if (v >= 1e6) return (Math.round(v / 1e5) / 10) + 'M';
  if (v >= 1e3) return (Math.round(v / 1e2) / 10) + 'k';
  return String(Math.round(v * 10) / 10);
}
`;
