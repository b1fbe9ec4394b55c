import type { Client } from '@elastic/elasticsearch';
import { dashboards as definedDashboards } from '../dashboards/panels.ts';
import { profiles } from '../dashboards/profiles.ts';
import { runPanel } from '../dashboards/query.ts';
import type { Dashboard, ProfileName } from '../dashboards/types.ts';
import type { ReportData, ReportPanel, ReportSection } from './html.ts';

export interface CollectOptions {
  /** The index (alias) of each profile. */
  indexOf: (profile: ProfileName) => string;
  title?: string;
  /** Shown in the report: where the figures come from. */
  source: string;
  dashboards?: readonly Dashboard[];
  now?: Date;
}

/** Runs every panel's aggregation against its profile's index; a missing index is reported, not fatal. */
export async function collectReport(es: Client, options: CollectOptions): Promise<ReportData> {
  const sections: ReportSection[] = [];
  for (const dashboard of options.dashboards ?? definedDashboards) {
    const index = options.indexOf(dashboard.profile);
    const exists = await es.indices.exists({ index });
    const documents = exists ? (await es.count({ index })).count : null;
    const panels: ReportPanel[] = await Promise.all(
      dashboard.panels.map(async (panel): Promise<ReportPanel> => {
        if (!exists) return { panel, data: null, error: `index ${index} not found` };
        try {
          return { panel, data: await runPanel(es, panel, index) };
        } catch (err) {
          return { panel, data: null, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    sections.push({ profile: profiles[dashboard.profile], index, documents, panels });
  }
  return {
    title: options.title ?? 'MOSIP anonymous profiles',
    generatedAt: options.now ?? new Date(),
    source: options.source,
    sections,
  };
}
