/** Client: the State page (incremental cursors, the state as a collapsible JSON tree, versions in the destination). */
export const STATE_JS = String.raw`
Pages.state = function (root) {
  return api('/api/state').then(function (o) {
    var st = o.state;
    subtitle('State version ' + st._state_version + ' · ' + o.cursors.length + ' incremental cursor' + (o.cursors.length === 1 ? '' : 's'));
    root.appendChild(card('Incremental cursors', o.cursors.length ? table([
      { label: 'Source', render: function (c) { return c.source; } },
      { label: 'Resource', render: function (c) { return h('code', { text: c.resource }); } },
      { label: 'Cursor path', render: function (c) { return h('code', { text: c.cursorPath }); } },
      { label: 'Last value', render: function (c) { return h('code', { class: 'cursor-value', text: JSON.stringify(c.lastValue) }); } },
      { label: 'Initial value', render: function (c) { return c.initialValue === undefined ? h('span', { class: 'muted', text: '—' }) : h('code', { text: JSON.stringify(c.initialValue) }); } },
      { label: 'Boundary keys', cls: 'num', render: function (c) { return fmtNum(c.boundaryHashes); } },
    ], o.cursors, { id: 'cursors' }) : empty('No resource keeps an incremental cursor.'), { flush: true }));
    var tree = h('div', { id: 'state-tree' }, jsonTree(st, 8));
    function setAll(open) { tree.querySelectorAll('details').forEach(function (d) { d.open = open; }); }
    root.appendChild(h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { text: 'Pipeline state' }), h('div', { class: 'toolbar' },
        h('span', { class: 'meta', text: 'state.json · hash ' + shortHash(st._version_hash) }),
        h('button', { class: 'btn', onclick: function () { setAll(true); } }, 'Expand all'),
        h('button', { class: 'btn', onclick: function () { setAll(false); } }, 'Collapse all'))),
      h('div', { class: 'card-body' }, tree)));
    root.appendChild(card('State in the destination', o.remoteError ? h('div', { class: 'card-body' }, alertBox('_dlt_pipeline_state: ' + o.remoteError, 'warn')) : o.remote.length ? table([
      { label: 'Version', cls: 'num', render: function (r) { return String(r.version); } },
      { label: 'Version hash', render: function (r) { return h('code', { text: r.version_hash }); } },
      { label: 'Created at', render: function (r) { return fmtTime(r.created_at); } },
      { label: 'Load id', render: function (r) { return h('code', { text: r._dlt_load_id }); } },
      { label: '', render: function (r) { return r.version_hash === st._version_hash ? badge('matches local', 'ok') : ''; } },
    ], o.remote, { id: 'remote-state' }) : empty('No state stored in the destination yet.'), { flush: true, meta: '_dlt_pipeline_state rows' }));
  });
};
`;
