import type { PanelData } from '../dashboards/query.ts';
import type { Panel, PanelWidth, Profile } from '../dashboards/types.ts';
import { chartSvg, escapeXml as esc, formatNumber, legendItems } from './charts.ts';

/**
 * The HTML report: one self-contained page (inline CSS, inline SVG, a few lines of inline script; no
 * CDN, no library, no request once opened), the same panels as the Kibana dashboards, for people
 * without Kibana.
 */

export interface ReportPanel {
  panel: Panel;
  data: PanelData | null;
  /** Why there is no data (missing index, failed query). */
  error?: string;
}

export interface ReportSection {
  profile: Profile;
  index: string;
  /** Documents in the index; null when the index is missing. */
  documents: number | null;
  panels: ReportPanel[];
}

export interface ReportData {
  title: string;
  generatedAt: Date;
  /** Where the figures come from: the Elasticsearch URL (no credentials). */
  source: string;
  sections: ReportSection[];
}

const columns: Record<PanelWidth, number> = { quarter: 1, half: 2, threeQuarters: 3, full: 4 };

const css = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#343741;background:#f5f7fa}
header{background:#fff;border-bottom:1px solid #d3dae6;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#69707d}
nav{margin-top:10px}
nav a{margin-right:16px;color:#006bb8;text-decoration:none}
main{padding:8px 32px 40px}
section{margin-top:24px}
section h2{font-size:18px;margin:0 0 4px}
section>p{margin:0 0 12px;color:#69707d}
.grid{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:16px}
.card{background:#fff;border:1px solid #d3dae6;border-radius:6px;padding:12px 14px;min-width:0}
.card h3{font-size:14px;margin:0 0 2px}
.card .desc{font-size:12px;color:#69707d;margin:0 0 8px}
.span-1{grid-column:span 1}.span-2{grid-column:span 2}.span-3{grid-column:span 3}.span-4{grid-column:span 4}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-family:inherit}
.legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
details{margin-top:6px;font-size:12px}
summary{cursor:pointer;color:#006bb8}
table{border-collapse:collapse;margin-top:4px;width:100%}
th,td{text-align:left;padding:2px 6px;border-bottom:1px solid #eef0f3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.missing{color:#bd271e}
@media (max-width:900px){.grid{grid-template-columns:1fr}.span-2,.span-3,.span-4{grid-column:span 1}}
@media print{body{background:#fff}.card{break-inside:avoid}details{display:none}}
`;

/**
 * After layout, counts each chart's marks that rendered with a size and writes the count on the chart
 * (data-drawn) and the number of charts with marks on <body> (data-charts-drawn): a headless browser
 * test reads them, a reader never notices.
 */
const script = `
(function () {
  var charts = document.querySelectorAll('svg.chart');
  var drawn = 0;
  for (var i = 0; i < charts.length; i++) {
    var marks = charts[i].querySelectorAll('[data-mark]');
    var sized = 0;
    for (var j = 0; j < marks.length; j++) {
      var box = marks[j].getBBox();
      if (box.width > 0 || box.height > 0) sized++;
    }
    charts[i].setAttribute('data-drawn', String(sized));
    if (sized > 0) drawn++;
  }
  document.body.setAttribute('data-charts', String(charts.length));
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;

function dataTable(panel: Panel, data: PanelData): string {
  const [x, split] = panel.buckets;
  const head = [
    ...(x ? [x.label] : []),
    ...(split ? [split.label] : []),
    ...panel.metrics.map((m) => m.label),
  ];
  const rows = data.rows.map((r) => {
    const cells = [
      ...(x ? [`<td>${esc(r.x?.label ?? '')}</td>`] : []),
      ...(split ? [`<td>${esc(r.split?.label ?? '')}</td>`] : []),
      ...r.values.map((v) => `<td class="n">${v === null ? '–' : esc(formatNumber(v))}</td>`),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<details><summary>Data (${data.rows.length} ${data.rows.length === 1 ? 'row' : 'rows'})</summary><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function card({ panel, data, error }: ReportPanel): string {
  const body =
    data === null
      ? `<p class="missing">No data: ${esc(error ?? 'unknown')}</p>`
      : [
          chartSvg(panel, data),
          (() => {
            const items = legendItems(panel, data);
            return items.length === 0
              ? ''
              : `<ul class="legend">${items.map((l) => `<li><i style="background:${l.color}"></i>${esc(l.name)}</li>`).join('')}</ul>`;
          })(),
          dataTable(panel, data),
        ].join('');
  return `<article class="card span-${columns[panel.width]}" id="${esc(panel.id)}"><h3>${esc(panel.title)}</h3><p class="desc">${esc(panel.description)}</p>${body}</article>`;
}

function section(s: ReportSection): string {
  const count =
    s.documents === null
      ? `<span class="missing">index ${esc(s.index)} not found</span>`
      : `${esc(formatNumber(s.documents))} documents in ${esc(s.index)}`;
  return `<section id="${esc(s.profile.name)}"><h2>${esc(s.profile.label)}</h2><p>${count}</p><div class="grid">${s.panels.map(card).join('')}</div></section>`;
}

export function renderReport(report: ReportData): string {
  const when = report.generatedAt.toISOString().replace('T', ' ').slice(0, 19);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(report.title)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${esc(report.title)}</h1>
<p>Generated ${esc(when)} UTC from ${esc(report.source)} by profile-cdc: the panels of the Kibana dashboards (src/operations/dashboards/panels.ts), over all documents.</p>
<nav>${report.sections.map((s) => `<a href="#${esc(s.profile.name)}">${esc(s.profile.label)}</a>`).join('')}</nav>
</header>
<main>
${report.sections.map(section).join('\n')}
</main>
<script>${script}</script>
</body>
</html>
`;
}
