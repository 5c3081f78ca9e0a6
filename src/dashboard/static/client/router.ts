/** Client router: `#/<page>/<params...>` → `Pages[page](root, params)`; nav highlighting; refresh. */
export const ROUTER_JS = String.raw`
var TITLES = { overview: 'Overview', loads: 'Loads', schema: 'Schema', data: 'Data', state: 'State' };
var current = 0;
function route() {
  var parts = (location.hash || '#/overview').replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  var page = Pages[parts[0]] ? parts[0] : 'overview';
  Object.keys(TITLES).forEach(function (k) { var a = document.getElementById('nav-' + k); if (a) a.classList.toggle('active', k === page); });
  document.getElementById('page-title').textContent = TITLES[page];
  document.getElementById('page-subtitle').textContent = '';
  document.body.removeAttribute('data-page');
  var root = clear(document.getElementById('content'));
  root.appendChild(h('div', { class: 'loading', text: 'Loading…' }));
  var token = ++current;
  var view = h('div', { class: 'content-inner', style: 'display:contents' });
  Promise.resolve(Pages[page](view, parts.slice(1))).then(function () {
    if (token !== current) return;
    clear(root).appendChild(view);
    document.body.setAttribute('data-page', page);
  }, function (e) {
    if (token !== current) return;
    clear(root).appendChild(alertBox(e.message || String(e)));
    document.body.setAttribute('data-page', page);
  });
}
function subtitle(text) { document.getElementById('page-subtitle').textContent = text; }
window.addEventListener('hashchange', route);
document.getElementById('refresh').addEventListener('click', route);
api('/api/overview').then(function (o) {
  var d = o.destination || {};
  append(document.getElementById('sidebar-foot'), [h('div', null, h('b', { text: 'dataset ' }), o.pipeline.datasetName), h('div', null, h('b', { text: 'destination ' }), d.location || d.error || '')]);
}).catch(function () {});
route();
`;
