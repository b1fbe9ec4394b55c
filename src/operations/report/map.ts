import type { PanelData, Row } from '../dashboards/query.ts';
import type { Panel } from '../dashboards/types.ts';
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

type Placed = { row: Row; lat: number; lon: number };

const height = 560;
const margin = 36;
const fill = '#54B399';
/** The biggest buckets are labelled on the map; every point has its tooltip. */
const labelled = 8;

/** Grid spacing in degrees: about five lines across the extent. */
function step(extent: number): number {
  for (const s of [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30]) if (extent / s <= 6) return s;
  return 45;
}

/**
 * A map without tiles: each bucket (a centre) at its point, a circle whose area follows its count, on a
 * graticule fitted to the points (equirectangular, longitudes scaled by the cosine of the middle latitude
 * so the country keeps its shape). Buckets without a point are counted under the map, not drawn.
 */
export function mapChart(panel: Panel, data: PanelData): string {
  const placed: Placed[] = [];
  for (const row of data.rows)
    if (row.point && row.count > 0) placed.push({ row, lat: row.point.lat, lon: row.point.lon });
  if (placed.length === 0) return noData(panel);
  const unplaced = data.rows.filter((r) => !r.point && r.count > 0);
  const width = chartWidth(panel);
  const lats = placed.map((p) => p.lat);
  const lons = placed.map((p) => p.lon);
  const pad = 0.5;
  const [south, north] = [Math.min(...lats) - pad, Math.max(...lats) + pad];
  const [west, east] = [Math.min(...lons) - pad, Math.max(...lons) + pad];
  const squeeze = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (width - 2 * margin) / ((east - west) * squeeze),
    (height - 2 * margin - 20) / (north - south),
  );
  const x0 = (width - (east - west) * squeeze * scale) / 2;
  const y0 = (height - 20 - (north - south) * scale) / 2;
  const x = (lon: number) => x0 + (lon - west) * squeeze * scale;
  const y = (lat: number) => y0 + (north - lat) * scale;

  const parts: string[] = [svgOpen(panel, width, height)];
  const every = step(Math.max(north - south, east - west));
  for (let lat = Math.ceil(south / every) * every; lat <= north; lat += every) {
    parts.push(
      `<line x1="${x(west).toFixed(1)}" x2="${x(east).toFixed(1)}" y1="${y(lat).toFixed(1)}" y2="${y(lat).toFixed(1)}" stroke="${grid}"/>`,
    );
    parts.push(
      text(
        x(west) - 4,
        y(lat) + 4,
        `${Number(lat.toFixed(2))}°`,
        `text-anchor="end" font-size="11" fill="${faint}"`,
      ),
    );
  }
  for (let lon = Math.ceil(west / every) * every; lon <= east; lon += every) {
    parts.push(
      `<line x1="${x(lon).toFixed(1)}" x2="${x(lon).toFixed(1)}" y1="${y(north).toFixed(1)}" y2="${y(south).toFixed(1)}" stroke="${grid}"/>`,
    );
    parts.push(
      text(
        x(lon),
        y(south) + 14,
        `${Number(lon.toFixed(2))}°`,
        `text-anchor="middle" font-size="11" fill="${faint}"`,
      ),
    );
  }
  const max = Math.max(...placed.map((p) => p.row.count));
  const radius = (count: number) => 3 + 21 * Math.sqrt(count / max);
  const label = panel.metrics[0]?.label ?? 'Documents';
  // Largest first, so a small centre beside a big one stays visible on top of it.
  const ordered = [...placed].sort((a, b) => b.row.count - a.row.count);
  for (const p of ordered) {
    const name = p.row.x?.label ?? '';
    const tip = `${name}: ${formatNumber(p.row.count)} ${label.toLowerCase()} (${p.lat.toFixed(3)}, ${p.lon.toFixed(3)})`;
    parts.push(
      `<circle data-mark cx="${x(p.lon).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${radius(p.row.count).toFixed(1)}" fill="${fill}" fill-opacity="0.6" stroke="#fff" stroke-width="1"><title>${escapeXml(tip)}</title></circle>`,
    );
  }
  // The biggest centres are named, each where its label collides with no other (right, else left).
  const boxes: { x: number; y: number; w: number }[] = [];
  const free = (bx: number, by: number, w: number) =>
    bx >= 0 &&
    bx + w <= width &&
    boxes.every((b) => bx + w < b.x || b.x + b.w < bx || Math.abs(by - b.y) > 13);
  for (const p of ordered.slice(0, labelled)) {
    const r = radius(p.row.count);
    const caption = `${truncate(p.row.x?.label ?? '', 28)}: ${formatNumber(p.row.count)}`;
    const w = caption.length * 6.2;
    const cy = y(p.lat) + 4;
    const right = x(p.lon) + r + 3;
    const left = x(p.lon) - r - 3 - w;
    const at = free(right, cy, w) ? right : free(left, cy, w) ? left : null;
    if (at === null) continue;
    boxes.push({ x: at, y: cy, w });
    parts.push(
      text(
        at,
        cy,
        caption,
        `font-size="11" fill="${ink}" paint-order="stroke" stroke="#fff" stroke-width="3"`,
      ),
    );
  }
  const note =
    `${placed.length} centres drawn` +
    (unplaced.length > 0
      ? `; ${unplaced.length} without coordinates (${formatNumber(unplaced.reduce((n, r) => n + r.count, 0))} ${label.toLowerCase()}) not drawn`
      : '');
  parts.push(text(margin, height - 8, note, `font-size="12" fill="${faint}"`));
  parts.push('</svg>');
  return parts.join('');
}
