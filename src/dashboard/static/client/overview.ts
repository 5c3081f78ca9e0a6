/** Client: the Overview page. */
export const OVERVIEW_JS = String.raw`
Pages.overview = function (root) {
  return api('/api/overview').then(function (o) {
    var p = o.pipeline, d = o.destination, run = o.lastRun;
    var tables = o.tables && !o.tables.error ? o.tables : null;
    subtitle('Pipeline ' + p.name + ' · dataset ' + p.datasetName);
    function runStatus() { return run ? badge(run.status === 'failed' ? 'failed' : 'completed', run.status === 'failed' ? 'bad' : 'ok') : badge('never run', ''); }
    if (o.destinationProblem) root.appendChild(h('div', { id: 'destination-problem' }, alertBox(o.destinationProblem, 'warn')));
    root.appendChild(h('div', { class: 'grid cols-4', id: 'overview-stats' },
      stat('Destination', d.error ? 'unavailable' : d.type, d.error ? d.error : d.location),
      stat('Dataset', p.datasetName, 'schema ' + (p.defaultSchema || '—') + (p.schemaVersion ? ' · v' + p.schemaVersion : ''), true),
      stat('Last run', run ? h('span', null, runStatus(), ' ', fmtDur(run.duration)) : '—', run ? fmtTime(run.startedAt) + ' · ' + ago(run.startedAt) : 'no trace yet'),
      stat('Rows in destination', tables ? fmtNum(sum(tables)) : '—', tables ? Object.keys(tables).length + ' data tables' : (o.tables && o.tables.error) || '')));

    var info = card('Pipeline', kv([
      ['Pipeline', h('code', { text: p.name })],
      ['Destination', d.error ? h('span', { class: 'muted', text: d.error }) : h('span', null, h('code', { id: 'destination-location', text: d.location }), ' ', badge(d.type, 'accent'))],
      ['Dataset', h('code', { text: p.datasetName })],
      ['Working dir', h('code', { id: 'working-dir', text: p.workingDir })],
      ['Schemas', p.schemaNames.length ? p.schemaNames.join(', ') + (p.defaultSchema ? ' (default ' + p.defaultSchema + (p.schemaVersion ? ', version ' + p.schemaVersion : '') + ')' : '') : '—'],
      ['State version', String(p.stateVersion)],
      ['Loaded packages', fmtNum(o.loadedPackages)],
      ['Last extracted', p.lastExtractedAt ? fmtTime(p.lastExtractedAt) + ' (' + ago(p.lastExtractedAt) + ')' : '—'],
      ['First run', p.firstRun ? 'yes (nothing loaded yet)' : 'no'],
    ]));

    var runBody;
    if (!run) runBody = empty('No run recorded in this working dir yet.');
    else {
      var maxDur = Math.max.apply(null, run.steps.map(function (st) { return st.duration || 0; }).concat([0.000001]));
      runBody = h('div', null,
        h('div', { class: 'toolbar', style: 'margin-bottom:10px' }, runStatus(), h('span', { class: 'muted', text: 'started ' + fmtTime(run.startedAt) + ' · total ' + fmtDur(run.duration) })),
        table([
          { label: 'Step', render: function (st) { return h('b', { text: st.step }); } },
          { label: 'Status', render: function (st) { return st.error ? badge('failed', 'bad') : badge('completed', 'ok'); } },
          { label: 'Duration', render: function (st) { return h('div', { class: 'dur' }, h('div', { class: 'bar-track' }, h('div', { class: 'bar-fill', style: 'width:' + Math.max(2, 100 * (st.duration || 0) / maxDur) + '%' })), h('span', { text: fmtDur(st.duration) })); } },
          { label: 'Rows', cls: 'num', render: function (st) { return fmtNum(sum(st.counts)); } },
        ], run.steps, { id: 'run-steps' }),
        run.steps.filter(function (st) { return st.error; }).map(function (st) { return h('div', { style: 'margin-top:10px' }, alertBox(st.step + ': ' + st.error)); }));
    }
    root.appendChild(h('div', { class: 'grid cols-2' }, info, card('Last run', runBody, { meta: run ? ago(run.startedAt) : '' })));

    var rowsRun = Object.keys(run ? run.rows : {}).map(function (k) { return { table: k, rows: run.rows[k], now: tables ? tables[k] : null }; });
    var rowsCard = card('Rows per table', rowsRun.length || tables ? table([
      { label: 'Table', render: function (r) { return h('a', { href: '#/data/' + encodeURIComponent(r.table), class: 'mono', text: r.table }); } },
      { label: 'Last run', cls: 'num', render: function (r) { return r.rows === undefined ? '—' : fmtNum(r.rows); } },
      { label: 'In destination', cls: 'num', render: function (r) { return fmtNum(r.now); } },
    ], mergeTables(rowsRun, tables), { id: 'rows-per-table' }) : empty('No tables yet.'), { flush: true });

    var pending = card('Pending packages', o.pending.length ? table([
      { label: 'Load id', render: function (r) { return h('code', { text: r.loadId }); } },
      { label: 'Created', render: function (r) { return fmtTime(r.createdAt); } },
      { label: 'Jobs', render: function (r) { return Object.keys(r.jobs).map(function (k) { return chip(k.replace('_jobs', '') + ' ' + r.jobs[k], k === 'failed_jobs' ? 'key' : ''); }); } },
      { label: 'Rows', cls: 'num', render: function (r) { return fmtNum(sum(r.rowCounts)); } },
    ], o.pending, { id: 'pending-packages' }) : empty('No pending packages: everything extracted has been loaded.', true), { flush: true, meta: o.pending.length ? o.pending.length + ' waiting for the next run' : '' });

    var failed = card('Failed jobs', o.failedJobs.length ? table([
      { label: 'Load id', render: function (r) { return h('code', { text: r.loadId }); } },
      { label: 'Package', render: function (r) { return badge(r.package, r.package === 'pending' ? 'warn' : ''); } },
      { label: 'Table', render: function (r) { return h('code', { text: r.table }); } },
      { label: 'Error', render: function (r) { return h('span', { class: 'mono', style: 'color:var(--bad)', text: r.error || '' }); } },
    ], o.failedJobs, { id: 'failed-jobs' }) : empty('No failed jobs.', true), { flush: true, meta: o.failedJobs.length ? o.failedJobs.length + ' failed' : '' });

    root.appendChild(h('div', { class: 'grid cols-2' }, rowsCard, h('div', { class: 'grid' }, pending, failed)));
  });
};
function mergeTables(rowsRun, tables) {
  var seen = {}; var out = rowsRun.slice();
  rowsRun.forEach(function (r) { seen[r.table] = true; });
  Object.keys(tables || {}).forEach(function (k) { if (!seen[k]) out.push({ table: k, rows: undefined, now: tables[k] }); });
  return out;
}
`;
