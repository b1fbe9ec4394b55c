import type { IndexBodies } from '../../kinds/index.ts';
import { builtInIndexBodies } from '../../kinds/index.ts';
import { dashboards as definedDashboards } from './panels.ts';
import { dataViewId, defaultIndexPrefix, indexOf, profiles, valueLabels } from './profiles.ts';
import { bucketNames, nesting, termsOrder } from './query.ts';
import type {
  Bucket,
  CalendarInterval,
  Chart,
  Dashboard,
  Metric,
  Panel,
  PanelWidth,
  ProfileName,
} from './types.ts';
import { mappedType } from './validate.ts';

/**
 * Kibana 8.x saved objects generated from the panel definitions: one data view per profile (time field
 * @timestamp), one Lens visualization per panel, one dashboard per profile; serialised the way Kibana's
 * saved-objects export writes them (NDJSON, one object a line, the export summary last).
 */

export interface Reference {
  id: string;
  name: string;
  type: string;
}

export interface SavedObject {
  attributes: Record<string, unknown>;
  coreMigrationVersion: string;
  id: string;
  managed: false;
  references: Reference[];
  type: 'index-pattern' | 'lens' | 'map' | 'dashboard';
  typeMigrationVersion: string;
}

/** What Kibana 8.9+ writes; an importing Kibana migrates anything older than its own version. */
const coreMigrationVersion = '8.8.0';
const typeMigrationVersions = {
  'index-pattern': '8.0.0',
  lens: '8.9.0',
  map: '8.4.0',
  dashboard: '8.9.0',
} as const;

const savedObject = (
  type: SavedObject['type'],
  id: string,
  attributes: Record<string, unknown>,
  references: Reference[],
): SavedObject => ({
  attributes,
  coreMigrationVersion,
  id,
  managed: false,
  references,
  type,
  typeMigrationVersion: typeMigrationVersions[type],
});

export const lensId = (panel: Panel) => `profile-cdc-${panel.id}`;
export const dashboardId = (profile: ProfileName) => `profile-cdc-dashboard-${profile}`;

/** A profile's data view: the index pattern `<prefix>-<profile>`, @timestamp, value labels as field formats. */
function dataViewObject(profile: ProfileName, indexPrefix: string, bodies: IndexBodies): SavedObject {
  const properties = bodies[profiles[profile].kind].mappings.properties;
  const formats = Object.fromEntries(
    Object.entries(valueLabels)
      .filter(([field]) => mappedType(properties, field) !== undefined)
      .map(([field, labels]) => [
        field,
        {
          id: 'static_lookup',
          params: {
            lookupEntries: Object.entries(labels).map(([key, value]) => ({ key, value })),
            unknownKeyValue: null,
          },
        },
      ]),
  );
  return savedObject(
    'index-pattern',
    dataViewId(profile),
    {
      allowHidden: false,
      fieldAttrs: '{}',
      fieldFormatMap: JSON.stringify(formats),
      fields: '[]',
      name: `MOSIP ${profiles[profile].label} (${indexOf(profile, indexPrefix)})`,
      runtimeFieldMap: '{}',
      sourceFilters: '[]',
      timeFieldName: '@timestamp',
      title: indexOf(profile, indexPrefix),
      typeMeta: '{}',
    },
    [],
  );
}

const layerId = 'layer1';
const metricColumnId = (i: number) => `m${i}`;

/** Lens's minimum interval names (the data plugin's interval options). */
const lensIntervals: Record<CalendarInterval, string> = { month: 'M', week: 'w', day: 'd' };

const lensOperations: Record<Metric['op'], string> = {
  count: 'count',
  avg: 'average',
  min: 'min',
  max: 'max',
  sum: 'sum',
};

function metricColumn(metric: Metric): Record<string, unknown> {
  return {
    customLabel: true,
    dataType: 'number',
    isBucketed: false,
    label: metric.label,
    operationType: lensOperations[metric.op],
    params: { emptyAsNull: true },
    scale: 'ratio',
    sourceField: metric.op === 'count' ? '___records___' : metric.field,
  };
}

function bucketColumn(
  panel: Panel,
  bucket: Bucket,
  index: number,
  bodies: IndexBodies,
): Record<string, unknown> {
  if (bucket.type === 'date_histogram') {
    return {
      customLabel: true,
      dataType: 'date',
      isBucketed: true,
      label: bucket.label,
      operationType: 'date_histogram',
      params: { dropPartials: false, includeEmptyRows: true, interval: lensIntervals[bucket.interval] },
      scale: 'interval',
      sourceField: bucket.field,
    };
  }
  const type = mappedType(bodies[profiles[panel.profile].kind].mappings.properties, bucket.field);
  const byMetric = termsOrder(panel, index).by === 'metric';
  return {
    customLabel: true,
    dataType: type === 'boolean' ? 'boolean' : type === 'keyword' || type === undefined ? 'string' : 'number',
    isBucketed: true,
    label: bucket.label,
    operationType: 'terms',
    params: {
      exclude: [],
      excludeIsRegex: false,
      include: [],
      includeIsRegex: false,
      missingBucket: bucket.missing !== undefined,
      orderBy: byMetric
        ? { columnId: metricColumnId(0), type: 'column' }
        : { fallback: false, type: 'alphabetical' },
      orderDirection: byMetric ? 'desc' : 'asc',
      otherBucket: false,
      parentFormat: { id: 'terms' },
      size: bucket.size,
    },
    scale: 'ordinal',
    sourceField: bucket.field,
  };
}

const xySeriesTypes: Record<Exclude<Chart, 'metric' | 'pie' | 'map'>, (split: boolean) => string> = {
  bar_horizontal: (split) => (split ? 'bar_horizontal_stacked' : 'bar_horizontal'),
  bar_horizontal_percentage: () => 'bar_horizontal_percentage_stacked',
  bar_stacked: () => 'bar_stacked',
  line: () => 'line',
};

function visualization(panel: Panel): { type: string; state: Record<string, unknown> } {
  const accessors = panel.metrics.map((_, i) => metricColumnId(i));
  if (panel.chart === 'metric') {
    return { type: 'lnsMetric', state: { layerId, layerType: 'data', metricAccessor: metricColumnId(0) } };
  }
  if (panel.chart === 'pie') {
    return {
      type: 'lnsPie',
      state: {
        layers: [
          {
            categoryDisplay: 'default',
            layerId,
            layerType: 'data',
            legendDisplay: 'default',
            metrics: accessors,
            nestedLegend: false,
            numberDisplay: 'percent',
            primaryGroups: ['x'],
          },
        ],
        shape: 'donut',
      },
    };
  }
  if (panel.chart === 'map') throw new Error(`${panel.id}: a map is a map saved object, not a Lens one`);
  const split = panel.buckets.length > 1;
  const seriesType = xySeriesTypes[panel.chart](split);
  const all = { x: true, yLeft: true, yRight: true };
  return {
    type: 'lnsXY',
    state: {
      axisTitlesVisibilitySettings: all,
      fittingFunction: 'None',
      gridlinesVisibilitySettings: all,
      labelsOrientation: { x: 0, yLeft: 0, yRight: 0 },
      layers: [
        {
          accessors,
          layerId,
          layerType: 'data',
          seriesType,
          ...(split ? { splitAccessor: 'split' } : {}),
          xAccessor: 'x',
        },
      ],
      legend: { isVisible: true, position: 'right' },
      preferredSeriesType: seriesType,
      tickLabelsVisibilitySettings: all,
      valueLabels: 'hide',
    },
  };
}

/** The panel's filter as KQL (`processStage : "PacketReceiverStage"`), or the empty query. */
export function kqlQuery(panel: Panel): { language: 'kuery'; query: string } {
  const f = panel.filter;
  return { language: 'kuery', query: f ? `${f.field} : "${f.value.replace(/(["\\])/g, '\\$1')}"` : '' };
}

const lensTitle = (panel: Panel) => `[${profiles[panel.profile].label}] ${panel.title}`;

/** A panel as a Lens visualization on its profile's data view. */
function lensObject(panel: Panel, bodies: IndexBodies): SavedObject {
  // Bucket columns in the order the aggregations nest (query.ts), then the metrics: Lens nests by it.
  const columns: Record<string, unknown> = {};
  for (const i of nesting(panel)) {
    columns[bucketNames[i] as string] = bucketColumn(panel, panel.buckets[i] as Bucket, i, bodies);
  }
  panel.metrics.forEach((m, i) => {
    columns[metricColumnId(i)] = metricColumn(m);
  });
  const vis = visualization(panel);
  return savedObject(
    'lens',
    lensId(panel),
    {
      description: panel.description,
      state: {
        adHocDataViews: {},
        datasourceStates: {
          formBased: {
            layers: {
              [layerId]: { columnOrder: Object.keys(columns), columns, incompleteColumns: {}, sampling: 1 },
            },
          },
        },
        filters: [],
        internalReferences: [],
        query: kqlQuery(panel),
        visualization: vis.state,
      },
      title: lensTitle(panel),
      visualizationType: vis.type,
    },
    [
      {
        id: dataViewId(panel.profile),
        name: `indexpattern-datasource-layer-${layerId}`,
        type: 'index-pattern',
      },
    ],
  );
}

/**
 * A map panel as a Kibana Maps saved object: one layer of points, each geotile cell of the panel's geo field
 * (a centre, at the finest resolution) sized by its document count. No basemap is configured: the points
 * draw on any Kibana, also one without access to a tile service.
 */
function mapObject(panel: Panel): SavedObject {
  const metric = panel.metrics[0];
  const layer = {
    id: 'centres',
    label: panel.title,
    type: 'GEOJSON_VECTOR',
    visible: true,
    alpha: 0.8,
    minZoom: 0,
    maxZoom: 24,
    includeInFitToBounds: true,
    sourceDescriptor: {
      type: 'ES_GEO_GRID',
      id: 'centres-source',
      geoField: panel.geo,
      requestType: 'point',
      resolution: 'SUPER_FINE',
      metrics: [{ type: 'count', label: metric?.label ?? 'Documents' }],
      indexPatternRefName: 'layer_0_source_index_pattern',
      applyGlobalQuery: true,
      applyGlobalTime: true,
      applyForceRefresh: true,
    },
    style: {
      type: 'VECTOR',
      isTimeAware: true,
      properties: {
        fillColor: { type: 'STATIC', options: { color: '#54B399' } },
        lineColor: { type: 'STATIC', options: { color: '#FFFFFF' } },
        lineWidth: { type: 'STATIC', options: { size: 1 } },
        iconSize: {
          type: 'DYNAMIC',
          options: {
            minSize: 4,
            maxSize: 32,
            field: { name: 'doc_count', origin: 'source' },
            fieldMetaOptions: { isEnabled: true, sigma: 3 },
          },
        },
        symbolizeAs: { options: { value: 'circle' } },
      },
    },
  };
  return savedObject(
    'map',
    lensId(panel),
    {
      description: panel.description,
      layerListJSON: JSON.stringify([layer]),
      mapStateJSON: JSON.stringify({
        filters: [],
        query: kqlQuery(panel),
        refreshConfig: { isPaused: true, interval: 0 },
        settings: { autoFitToDataBounds: true },
        timeFilters: { from: 'now-1y', to: 'now' },
      }),
      title: lensTitle(panel),
      uiStateJSON: JSON.stringify({ isLayerTOCOpen: true, openTOCDetails: [] }),
    },
    [{ id: dataViewId(panel.profile), name: 'layer_0_source_index_pattern', type: 'index-pattern' }],
  );
}

/** A panel's saved object: a Lens visualization, or a map. */
const panelObject = (panel: Panel, bodies: IndexBodies): SavedObject =>
  panel.chart === 'map' ? mapObject(panel) : lensObject(panel, bodies);
const panelType = (panel: Panel): 'lens' | 'map' => (panel.chart === 'map' ? 'map' : 'lens');

const gridWidths: Record<PanelWidth, number> = { quarter: 12, half: 24, threeQuarters: 36, full: 48 };
const gridColumns = 48;
const panelHeight = 14;

/** Panels left to right in Kibana's 48-column grid, wrapping to a new row when one does not fit. */
export function layout(panels: readonly Panel[]): { x: number; y: number; w: number; h: number }[] {
  let x = 0;
  let y = 0;
  return panels.map((panel) => {
    const w = gridWidths[panel.width];
    if (x + w > gridColumns) {
      x = 0;
      y += panelHeight;
    }
    const cell = { x, y, w, h: panelHeight };
    x += w;
    return cell;
  });
}

/** A dashboard holding its panels' Lens visualizations and maps by reference. */
function dashboardObject(dashboard: Dashboard): SavedObject {
  const cells = layout(dashboard.panels);
  const entries = dashboard.panels.map((panel, i) => ({
    embeddableConfig: { enhancements: {} },
    gridData: { ...cells[i], i: panel.id },
    panelIndex: panel.id,
    panelRefName: `panel_${panel.id}`,
    type: panelType(panel),
  }));
  return savedObject(
    'dashboard',
    dashboardId(dashboard.profile),
    {
      description: dashboard.description,
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ filter: [], query: { language: 'kuery', query: '' } }),
      },
      optionsJSON: JSON.stringify({
        hidePanelTitles: false,
        syncColors: false,
        syncCursor: true,
        syncTooltips: false,
        useMargins: true,
      }),
      panelsJSON: JSON.stringify(entries),
      refreshInterval: { pause: true, value: 60000 },
      timeFrom: 'now-1y',
      timeRestore: true,
      timeTo: 'now',
      title: dashboard.title,
      version: 1,
    },
    dashboard.panels.map((panel) => ({
      id: lensId(panel),
      name: `${panel.id}:panel_${panel.id}`,
      type: panelType(panel),
    })),
  );
}

export interface KibanaOptions {
  /** Data views match `<prefix>-<profile>` (default mosip, as connectors/*.yaml name the aliases). */
  indexPrefix?: string;
  dashboards?: readonly Dashboard[];
  bodies?: IndexBodies;
}

/** Every saved object, referenced objects first: data views, visualizations, dashboards. */
export function savedObjects(options: KibanaOptions = {}): SavedObject[] {
  const list = options.dashboards ?? definedDashboards;
  const bodies = options.bodies ?? builtInIndexBodies();
  const prefix = options.indexPrefix ?? defaultIndexPrefix;
  return [
    ...list.map((d) => dataViewObject(d.profile, prefix, bodies)),
    ...list.flatMap((d) => d.panels.map((p) => panelObject(p, bodies))),
    ...list.map(dashboardObject),
  ];
}

/** Kibana's export format: one object a line, then the export summary line. */
function toNdjson(objects: readonly SavedObject[]): string {
  const summary = {
    excludedObjects: [],
    excludedObjectsCount: 0,
    exportedCount: objects.length,
    missingRefCount: 0,
    missingReferences: [],
  };
  return `${[...objects, summary].map((o) => JSON.stringify(o)).join('\n')}\n`;
}

/** The NDJSON `kibana export` writes and kibana/profile-cdc.ndjson holds (with the default prefix). */
export function kibanaNdjson(options: KibanaOptions = {}): string {
  return toNdjson(savedObjects(options));
}
