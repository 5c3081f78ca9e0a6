/** The dashboard's single HTML page: a left nav and a content area that app.js fills per route. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const NAV: [string, string, string][] = [
  ['overview', 'Overview', 'M3 12l9-8 9 8M5 10v10h14V10'],
  ['loads', 'Loads', 'M4 20V10M10 20V4M16 20v-7M22 20H2'],
  ['schema', 'Schema', 'M4 5h16v4H4zM4 15h7v4H4zM13 15h7v4h-7zM12 9v3M7.5 12h9v3M7.5 12v3'],
  ['data', 'Data', 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3'],
  ['state', 'State', 'M8 4H6a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h2M16 4h2a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-2'],
];

/** The page for `pipelineName` (escaped). */
export function pageHtml(pipelineName: string): string {
  const name = esc(pipelineName);
  const links = NAV.map(
    ([id, label, d]) =>
      `<a class="nav-link" id="nav-${id}" href="#/${id}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg><span>${label}</span></a>`,
  ).join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${name} · sluice</title>
  <link rel="stylesheet" href="/app.css">
</head>
<body>
  <div class="shell">
    <aside class="sidebar">
      <div class="brand">
        <svg class="logo" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8"/><path d="M7 11c3-3 6 3 9 0s6 3 9 0M7 16c3-3 6 3 9 0s6 3 9 0M7 21c3-3 6 3 9 0s6 3 9 0"/></svg>
        <div><div class="brand-name">sluice</div><div class="brand-sub">pipeline dashboard</div></div>
      </div>
      <div class="pipeline-chip" title="pipeline"><span class="dot"></span><span id="pipeline-name">${name}</span></div>
      <nav>
        ${links}
      </nav>
      <div class="sidebar-foot" id="sidebar-foot"></div>
    </aside>
    <main>
      <header class="topbar">
        <div><h1 id="page-title">Overview</h1><div class="subtitle" id="page-subtitle"></div></div>
        <div class="topbar-actions"><button class="btn ghost" id="refresh" title="Reload this page's data">Refresh</button></div>
      </header>
      <div id="content" class="content"></div>
    </main>
  </div>
  <script src="/app.js"></script>
</body>
</html>
`;
}
