import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ReportData } from './report-data.js';

const require = createRequire(import.meta.url);
let chartJs: string | undefined;
/** Chart.js, bundled into the page itself: the report loads nothing from the internet. */
function chartLibrary(): string {
  chartJs ??= fs.readFileSync(
    path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  );
  return chartJs;
}

const esc = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits });
const pct = (n: number | null | undefined): string =>
  n === null || n === undefined ? 'n/a' : `${Math.round(n * 100)}%`;
const link = (text: string, url: string | null) =>
  url ? `<a href="${esc(url)}">${esc(text)}</a>` : esc(text);
const KPI_LABEL: Record<string, string> = {
  coverage: 'Coverage of key stakeholders',
  averageStrength: 'Average strength',
  touches: 'Touches (90 days)',
  strongTies: 'Strong ties',
  newStrongTies: 'New strong ties (90 days)',
  hygieneScore: 'Hygiene score',
  ror: 'Return-on-Relationship',
};
const RISK_LABEL = {
  singleThreaded: 'Single-threaded',
  cold: 'Cold',
  orphaned: 'Orphaned',
  unthreaded: 'No thread',
  ownerMismatch: 'Owner mismatch',
};

/** The network report as one self-contained HTML page (charts, styles and data inside). */
export function renderReport(r: ReportData): string {
  const charts = {
    kpis: r.kpis
      .filter((k) => k.series.length > 0)
      .map((k) => ({ id: `kpi-${k.name}`, label: KPI_LABEL[k.name] ?? k.name, series: k.series })),
    teams: {
      labels: r.teams.map((t) => t.name),
      coverage: r.teams.map((t) => Math.round((t.coverage ?? 0) * 100)),
      ror: r.teams.map((t) => t.ror ?? 0),
    },
    hygiene: r.hygiene.trend,
  };
  const kpiRows = r.kpis
    .map(
      (k) =>
        `<tr><td>${esc(KPI_LABEL[k.name] ?? k.name)}</td><td class="n">${k.name === 'coverage' ? pct(k.value) : num(k.value)}</td><td class="n">${k.target === null ? '—' : k.name === 'coverage' ? pct(k.target) : num(k.target)}</td><td>${k.value === null || k.target === null ? '' : k.value >= k.target ? '<span class="ok">on target</span>' : '<span class="bad">below target</span>'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Rapport network report — ${esc(r.portal.name)}</title>
<style>
  :root { --ink: #213343; --muted: #516f90; --line: #dfe3eb; --ok: #00a38d; --bad: #d94c53; }
  * { box-sizing: border-box; }
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: #f5f8fa; }
  header, section { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
  header h1 { margin: 0 0 4px; font-size: 1.6rem; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 14px auto; }
  h2 { font-size: 1.2rem; margin: 0 0 10px; }
  .muted { color: var(--muted); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  .ok { color: var(--ok); font-weight: 600; } .bad { color: var(--bad); font-weight: 600; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
  .chart { position: relative; height: 220px; }
  .scroll { overflow-x: auto; }
  @media (max-width: 600px) { body { font-size: 14px; } header, section { padding: 12px; } th, td { padding: 4px; } }
  @media print { body { background: #fff; } section { border: none; break-inside: avoid; } a { color: inherit; text-decoration: none; } .chart { height: 180px; } }
</style>
</head>
<body>
<header>
  <h1>Network report — ${esc(r.portal.name)}</h1>
  <div class="muted">Portal ${r.portal.id} · as of ${new Date(r.portal.asOf).toISOString().slice(0, 10)} · KPIs from the ${esc(r.snapshotPeriod ?? 'latest')} snapshot${r.portal.source === 'import' ? ' · from a HubSpot export: touch-based metrics are approximate' : ''}</div>
</header>
<section id="vision">
  <h2>Vision and goals</h2>
  <p>${esc(r.vision) || '<span class="muted">No networking vision written yet.</span>'}</p>
  ${r.strategy ? `<p class="muted">${esc(r.strategy)}</p>` : ''}
  <table><thead><tr><th>Strategic goal</th><th>Networking Teams</th></tr></thead><tbody>
  ${r.goals.map((g) => `<tr><td>${esc(g.title)}</td><td>${g.teams.length > 0 ? esc(g.teams.join(', ')) : '<span class="bad">no team: no network coverage</span>'}</td></tr>`).join('')}
  </tbody></table>
</section>
<section id="kpis">
  <h2>KPIs against targets</h2>
  <div class="scroll"><table><thead><tr><th>KPI</th><th class="n">Now</th><th class="n">Target</th><th></th></tr></thead><tbody>${kpiRows}</tbody></table></div>
  <div class="grid">${charts.kpis.map((c) => `<div class="chart"><canvas id="${esc(c.id)}" aria-label="${esc(c.label)} by month"></canvas></div>`).join('')}</div>
</section>
<section id="teams">
  <h2>Teams: Return-on-Relationship (last 90 days), coverage and key-person concentration</h2>
  <div class="scroll"><table><thead><tr><th>Team</th><th class="n">RoR</th><th class="n">Return</th><th class="n">Sourced</th><th class="n">Influenced</th><th class="n">Intros</th><th class="n">Investment</th><th class="n">Coverage</th><th class="n">Top networker's share</th><th class="n">HHI</th></tr></thead><tbody>
  ${r.teams.map((t) => `<tr><td>${link(t.name, t.url)}</td><td class="n">${num(t.ror, 2)}</td><td class="n">${num(t.returnTotal, 0)}</td><td class="n">${num(t.sourced, 0)}</td><td class="n">${num(t.influenced, 0)}</td><td class="n">${num(t.introductions, 0)}</td><td class="n">${num(t.investment, 0)}</td><td class="n">${pct(t.coverage)}</td><td class="n">${t.strongTies === 0 ? '—' : `${pct(t.topShare)} (${esc(t.topNetworker)})`}</td><td class="n">${num(t.hhi, 2)}</td></tr>`).join('')}
  </tbody></table></div>
  <div class="grid"><div class="chart"><canvas id="team-coverage" aria-label="Coverage per team"></canvas></div><div class="chart"><canvas id="team-ror" aria-label="RoR per team"></canvas></div></div>
</section>
<section id="risk">
  <h2>At-risk relationships</h2>
  <div class="scroll"><table><thead><tr><th>Risk</th><th>Contact</th><th>Strongest networker</th><th class="n">Strength</th></tr></thead><tbody>
  ${r.atRisk.map((a) => `<tr><td>${esc(RISK_LABEL[a.risk])}</td><td>${link(a.name, a.url)}</td><td>${esc(a.strongest ?? '—')}</td><td class="n">${num(a.maxScore)}</td></tr>`).join('')}
  </tbody></table></div>
  <h2>Handover of departed networkers</h2>
  <table><thead><tr><th>Networker</th><th class="n">Relationships carried</th><th class="n">Carried over</th><th class="n">Progress</th></tr></thead><tbody>
  ${r.handovers.map((h) => `<tr><td>${esc(h.name)}</td><td class="n">${h.carried}</td><td class="n">${h.carriedOver}</td><td class="n">${h.carried === 0 ? '—' : pct(h.carriedOver / h.carried)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">Nobody has left.</td></tr>'}
  </tbody></table>
</section>
<section id="hygiene">
  <h2>Data-hygiene scorecard</h2>
  <div class="grid">
    <div class="scroll"><table><thead><tr><th>Rule</th><th>Severity</th><th class="n">Open</th></tr></thead><tbody>
    ${r.hygiene.byRule.map((x) => `<tr><td>${esc(x.title)}</td><td>${esc(x.severity)}</td><td class="n">${x.open.toLocaleString('en-US')}</td></tr>`).join('')}
    </tbody></table></div>
    <div><table><thead><tr><th>Networker (lowest first)</th><th class="n">Score</th></tr></thead><tbody>
    ${r.hygiene.byOwner.map((o) => `<tr><td>${esc(o.name)}</td><td class="n">${num(o.score)}</td></tr>`).join('')}
    </tbody></table>
    <table><thead><tr><th>Team</th><th class="n">Score</th></tr></thead><tbody>
    ${r.hygiene.byTeam.map((t) => `<tr><td>${esc(t.name)}</td><td class="n">${num(t.score)}</td></tr>`).join('')}
    </tbody></table></div>
  </div>
  <div class="chart"><canvas id="hygiene-trend" aria-label="Hygiene score by month"></canvas></div>
</section>
<script id="report-data" type="application/json">${JSON.stringify(charts).replace(/</g, '\\u003c')}</script>
<script>${chartLibrary()}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var common = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
  window.rapportCharts = [];
  function draw(id, type, labels, values, label) {
    var el = document.getElementById(id);
    if (!el) return;
    window.rapportCharts.push(new Chart(el, { type: type, data: { labels: labels, datasets: [{ label: label, data: values, borderColor: '#ff7a59', backgroundColor: 'rgba(255,122,89,0.35)' }] }, options: Object.assign({}, common, { plugins: { legend: { display: false }, title: { display: true, text: label } } }) }));
  }
  data.kpis.forEach(function (k) { draw(k.id, 'line', k.series.map(function (p) { return p.period; }), k.series.map(function (p) { return p.value; }), k.label); });
  draw('team-coverage', 'bar', data.teams.labels, data.teams.coverage, 'Coverage per team (%)');
  draw('team-ror', 'bar', data.teams.labels, data.teams.ror, 'RoR per team (90 days)');
  draw('hygiene-trend', 'line', data.hygiene.map(function (p) { return p.period; }), data.hygiene.map(function (p) { return p.value; }), 'Hygiene score by month');
})();
</script>
</body>
</html>
`;
}
