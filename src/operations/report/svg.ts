import type { Panel } from '../dashboards/types.ts';

/** The drawing primitives every chart of the report shares: colours, the card's SVG element, text, numbers. */

export const ink = '#343741';
export const faint = '#98a2b3';
export const grid = '#e4e7ec';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 1 234; 73.4; 0.52: whole numbers grouped, one or two decimals below 100. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100)
    return Math.round(value).toLocaleString('en-US').replaceAll(',', '\u202f');
  return value.toFixed(Math.abs(value) >= 1 ? 1 : 2);
}

/** viewBox width per panel width, so text keeps about the same size in every card. */
const viewWidths: Record<Panel['width'], number> = {
  quarter: 280,
  half: 560,
  threeQuarters: 840,
  full: 1120,
};
export const chartWidth = (panel: Panel) => viewWidths[panel.width];

export const svgOpen = (panel: Panel, width: number, height: number) =>
  `<svg class="chart" xmlns="http://www.w3.org/2000/svg" data-panel="${escapeXml(panel.id)}" data-chart="${panel.chart}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(panel.title)}">`;

export const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;

export const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A card whose panel has nothing to draw. */
export function noData(panel: Panel): string {
  const width = chartWidth(panel);
  return `${svgOpen(panel, width, 120)}${text(width / 2, 64, 'No data', `text-anchor="middle" fill="${faint}" font-size="14"`)}</svg>`;
}
