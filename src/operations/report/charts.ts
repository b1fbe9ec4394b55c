import type { PanelData, Row } from '../dashboards/query.ts';
import type { Panel } from '../dashboards/types.ts';
import { naturalOrder, palette, valueColors } from './colors.ts';
import { mapChart } from './map.ts';
import {
  chartWidth,
  escapeXml,
  faint,
  formatNumber,
  grid,
  ink,
  noData,
  svgOpen,
  text,
  truncate,
} from './svg.ts';

export { escapeXml, formatNumber };

/**
 * Inline SVG charts drawn server-side from a panel's rows: no script or library is needed to see them.
 * Every drawn mark (bar, slice, line, point, big number) carries `data-mark` and a <title> tooltip; the
 * report's inline script counts the marks that rendered with a size (see html.ts).
 */

/** A chart's data as series over x categories: per metric (one split-less series each) or per split value. */
export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

export interface ChartData {
  categories: string[];
  series: Series[];
}

/**
 * Rows to series: x labels in the order Elasticsearch returned them (numeric ranges such as age groups in
 * their natural order); split series by total, largest first, each value in its own colour.
 */
export function toChartData(panel: Panel, rows: readonly Row[]): ChartData {
  const seen: string[] = [];
  for (const r of rows) {
    const label = r.x?.label ?? panel.title;
    if (!seen.includes(label)) seen.push(label);
  }
  const categories = naturalOrder(seen);
  const index = new Map(categories.map((c, i) => [c, i]));
  if (panel.buckets.length < 2) {
    return {
      categories,
      series: panel.metrics.map((m, k) => {
        const values: (number | null)[] = categories.map(() => null);
        for (const r of rows) values[index.get(r.x?.label ?? panel.title) as number] = r.values[k] ?? null;
        return { name: m.label, color: palette[k % palette.length] as string, values };
      }),
    };
  }
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.split === null) continue; // an x bucket without any split bucket (an empty month)
    const name = r.split.label;
    totals.set(name, (totals.get(name) ?? 0) + (r.values[0] ?? 0));
  }
  const names = [...totals].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const colors = valueColors(names);
  return {
    categories,
    series: names.map((name) => {
      const values: (number | null)[] = categories.map(() => null);
      for (const r of rows) {
        if ((r.split?.label ?? '') === name)
          values[index.get(r.x?.label ?? '') as number] = r.values[0] ?? null;
      }
      return { name, color: colors.get(name) as string, values };
    }),
  };
}

/** A round axis maximum at or above `max` (1, 1.2, 2, 3 ... 8 times a power of ten): its quarters stay round (no 37.5). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 2, 3, 4, 5, 6, 8, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** The big number of a metric panel. */
function metricChart(panel: Panel, data: PanelData): string {
  const value = data.rows[0]?.values[0] ?? null;
  if (value === null) return noData(panel);
  const label = panel.metrics[0]?.label ?? '';
  const mid = chartWidth(panel) / 2;
  return [
    svgOpen(panel, chartWidth(panel), 140),
    `<text data-mark x="${mid}" y="78" text-anchor="middle" font-size="44" font-weight="600" fill="${ink}">${escapeXml(formatNumber(value))}<title>${escapeXml(`${label}: ${value}`)}</title></text>`,
    text(mid, 112, truncate(label, 40), `text-anchor="middle" font-size="13" fill="${faint}"`),
    '</svg>',
  ].join('');
}

/** A donut: one slice per x bucket, its share written in the legend. */
function pieChart(panel: Panel, data: PanelData): string {
  const { categories, series } = toChartData(panel, data.rows);
  const values = (series[0]?.values ?? []).map((v) => v ?? 0);
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) return noData(panel);
  // Narrow cards: the donut above its legend; wide ones: the legend on the right.
  const width = chartWidth(panel);
  const narrow = width < 500;
  const cx = narrow ? width / 2 : 140;
  const cy = 110;
  const r = 95;
  const inner = 55;
  const legendX = narrow ? 40 : 290;
  const legendY = (i: number) => (narrow ? 238 + i * 22 : 30 + i * 24);
  const height = narrow ? 238 + values.length * 22 : Math.max(230, 40 + values.length * 24);
  const parts: string[] = [svgOpen(panel, width, height)];
  let angle = -Math.PI / 2;
  const colors = valueColors(categories);
  values.forEach((v, i) => {
    if (v <= 0) return;
    const share = v / sum;
    const end = angle + share * 2 * Math.PI - (share === 1 ? 1e-6 : 0);
    const large = end - angle > Math.PI ? 1 : 0;
    const p = (radius: number, a: number) =>
      `${(cx + radius * Math.cos(a)).toFixed(2)} ${(cy + radius * Math.sin(a)).toFixed(2)}`;
    const d = `M ${p(r, angle)} A ${r} ${r} 0 ${large} 1 ${p(r, end)} L ${p(inner, end)} A ${inner} ${inner} 0 ${large} 0 ${p(inner, angle)} Z`;
    const name = categories[i] ?? '';
    parts.push(
      `<path data-mark d="${d}" fill="${colors.get(name)}" stroke="#fff" stroke-width="1.5"><title>${escapeXml(`${name}: ${formatNumber(v)} (${(share * 100).toFixed(1)}%)`)}</title></path>`,
    );
    const ly = legendY(i);
    parts.push(
      `<rect x="${legendX}" y="${ly - 11}" width="14" height="14" rx="2" fill="${colors.get(name)}"/>`,
    );
    parts.push(
      text(
        legendX + 22,
        ly,
        `${truncate(name, 22)}  ${(share * 100).toFixed(1)}%`,
        `font-size="13" fill="${ink}"`,
      ),
    );
    angle = end;
  });
  parts.push(
    text(
      cx,
      cy + 6,
      formatNumber(sum),
      `text-anchor="middle" font-size="18" font-weight="600" fill="${ink}"`,
    ),
  );
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars per x bucket, stacked by split value; `percentage` scales every bar to 100%. */
function horizontalBars(panel: Panel, data: PanelData, percentage: boolean): string {
  // A category without any value (a stage that never reports a duration) draws nothing: left out.
  const all = toChartData(panel, data.rows);
  const kept = all.categories.flatMap((_, i) => (all.series.some((s) => s.values[i] !== null) ? [i] : []));
  const categories = kept.map((i) => all.categories[i] as string);
  const series = all.series.map((s) => ({ ...s, values: kept.map((i) => s.values[i] ?? null) }));
  if (categories.length === 0) return noData(panel);
  const width = chartWidth(panel);
  const left = width < 500 ? 110 : 170;
  const right = 60;
  const rowHeight = 22;
  const top = 8;
  const height = top + categories.length * rowHeight + 26;
  const totals = categories.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = percentage ? 100 : niceMax(Math.max(...totals));
  const plot = width - left - right;
  const scale = (v: number) => (v / max) * plot;
  const parts: string[] = [svgOpen(panel, width, height)];
  for (let t = 0; t <= 4; t++) {
    const x = left + (plot * t) / 4;
    parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${height - 22}" stroke="${grid}"/>`);
    const tick = (max * t) / 4;
    parts.push(
      text(
        x,
        height - 8,
        percentage ? `${tick}%` : formatNumber(tick),
        `text-anchor="middle" font-size="10" fill="${faint}"`,
      ),
    );
  }
  categories.forEach((category, i) => {
    const y = top + i * rowHeight;
    parts.push(
      text(left - 6, y + 15, truncate(category, 26), `text-anchor="end" font-size="11" fill="${ink}"`),
    );
    let x = left;
    const total = totals[i] ?? 0;
    for (const s of series) {
      const raw = s.values[i] ?? 0;
      if (raw <= 0) continue;
      const v = percentage ? (total > 0 ? (raw / total) * 100 : 0) : raw;
      const w = scale(v);
      const tip = percentage ? `${formatNumber(raw)} (${v.toFixed(1)}%)` : formatNumber(raw);
      parts.push(
        `<rect data-mark x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(w, 0.5).toFixed(1)}" height="${rowHeight - 6}" fill="${s.color}"><title>${escapeXml(`${category} · ${s.name}: ${tip}`)}</title></rect>`,
      );
      x += w;
    }
    if (!percentage && series.length === 1 && total > 0)
      parts.push(text(x + 4, y + 15, formatNumber(total), `font-size="10" fill="${faint}"`));
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Vertical axes shared by column and line charts: gridlines, y ticks, every n-th x label. */
function axes(categories: string[], max: number, box: Box): string[] {
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const y = box.bottom - ((box.bottom - box.top) * t) / 4;
    parts.push(
      `<line x1="${box.left}" y1="${y.toFixed(1)}" x2="${box.right}" y2="${y.toFixed(1)}" stroke="${grid}"/>`,
    );
    parts.push(
      text(
        box.left - 6,
        y + 3,
        formatNumber((max * t) / 4),
        `text-anchor="end" font-size="10" fill="${faint}"`,
      ),
    );
  }
  const step = Math.max(
    1,
    Math.ceil(categories.length / Math.max(2, Math.floor((box.right - box.left) / 60))),
  );
  const band = (box.right - box.left) / Math.max(categories.length, 1);
  categories.forEach((c, i) => {
    if (i % step !== 0) return;
    parts.push(
      text(
        box.left + band * (i + 0.5),
        box.bottom + 16,
        truncate(c, 12),
        `text-anchor="middle" font-size="10" fill="${faint}"`,
      ),
    );
  });
  return parts;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const plotBox = (width: number): Box => ({ left: 56, right: width - 10, top: 10, bottom: 236 });

/** Columns per x bucket (usually months), stacked by split value. */
function stackedColumns(panel: Panel, data: PanelData): string {
  const { categories, series } = toChartData(panel, data.rows);
  if (categories.length === 0) return noData(panel);
  const totals = categories.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(...totals));
  const box = plotBox(chartWidth(panel));
  const band = (box.right - box.left) / categories.length;
  const barWidth = Math.max(1, band * 0.72);
  const parts: string[] = [svgOpen(panel, chartWidth(panel), 260), ...axes(categories, max, box)];
  categories.forEach((category, i) => {
    let y = box.bottom;
    const x = box.left + band * i + (band - barWidth) / 2;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const h = (v / max) * (box.bottom - box.top);
      y -= h;
      parts.push(
        `<rect data-mark x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(h, 0.5).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${category} · ${s.name}: ${formatNumber(v)}`)}</title></rect>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One line per series over the x buckets; a missing value breaks the line. Points are marks too. */
function lineChart(panel: Panel, data: PanelData): string {
  const { categories, series } = toChartData(panel, data.rows);
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (categories.length === 0 || all.length === 0) return noData(panel);
  const max = niceMax(Math.max(...all));
  const box = plotBox(chartWidth(panel));
  const band = (box.right - box.left) / categories.length;
  const xOf = (i: number) => box.left + band * (i + 0.5);
  const yOf = (v: number) => box.bottom - (v / max) * (box.bottom - box.top);
  const parts: string[] = [svgOpen(panel, chartWidth(panel), 260), ...axes(categories, max, box)];
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'} ${xOf(i).toFixed(1)} ${yOf(v).toFixed(1)} `;
      pen = true;
    });
    parts.push(
      `<path data-mark d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"><title>${escapeXml(s.name)}</title></path>`,
    );
    s.values.forEach((v, i) => {
      if (v === null) return;
      parts.push(
        `<circle data-mark cx="${xOf(i).toFixed(1)}" cy="${yOf(v).toFixed(1)}" r="2.5" fill="${s.color}"><title>${escapeXml(`${categories[i]} · ${s.name}: ${formatNumber(v)}`)}</title></circle>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The chart a panel declares, drawn from its data. */
export function chartSvg(panel: Panel, data: PanelData): string {
  switch (panel.chart) {
    case 'metric':
      return metricChart(panel, data);
    case 'pie':
      return pieChart(panel, data);
    case 'bar_horizontal':
      return horizontalBars(panel, data, false);
    case 'bar_horizontal_percentage':
      return horizontalBars(panel, data, true);
    case 'bar_stacked':
      return stackedColumns(panel, data);
    case 'line':
      return lineChart(panel, data);
    case 'map':
      return mapChart(panel, data);
  }
}

/** Series names and colours, for charts with more than one series (HTML, under the chart). */
export function legendItems(panel: Panel, data: PanelData): { name: string; color: string }[] {
  if (panel.chart === 'metric' || panel.chart === 'pie' || panel.chart === 'map') return [];
  const { series } = toChartData(panel, data.rows);
  return series.length > 1 ? series.map(({ name, color }) => ({ name, color })) : [];
}
