import { z } from 'zod';

/** An age group: lo <= age < hi; `max` null means open ended ("60+"). */
export interface AgeGroup {
  label: string;
  min: number;
  max: number | null;
}

/** The label of an age that cannot be known: no, 0, future or implausible year of birth. Never a real group. */
export const unknownAgeGroup = 'unknown';
/** The label of a plausible age that no configured group covers (only when the groups leave gaps). */
export const otherAgeGroup = 'other';

const bound = z.number().int().min(0);

/** A list of lower bounds: [0, 5, 18, 60] -> "0-5", "5-18", "18-60", "60+". */
const lowerBoundsSchema = z
  .array(bound)
  .min(1)
  .refine((bounds) => bounds.every((b, i) => i === 0 || b > (bounds[i - 1] as number)), 'strictly ascending');

const explicitGroupSchema = z
  .object({ label: z.string().trim().min(1), min: bound, max: bound.nullable().optional() })
  .strict()
  .refine((g) => g.max === null || g.max === undefined || g.max > g.min, 'max must be above min')
  .refine((g) => g.label !== unknownAgeGroup && g.label !== otherAgeGroup, 'label is reserved');

/** Explicit groups, ascending and not overlapping; gaps are allowed (ages in them are "other"). */
const explicitGroupsSchema = z
  .array(explicitGroupSchema)
  .min(1)
  .refine(
    (groups) =>
      groups.every((g, i) => {
        const previous = groups[i - 1];
        return previous === undefined || (previous.max != null && previous.max <= g.min);
      }),
    'ascending and not overlapping (only the last group may be open ended)',
  )
  .refine((groups) => new Set(groups.map((g) => g.label)).size === groups.length, 'labels must be unique');

/** Age groups as configuration writes them: lower bounds, or {label, min, max} objects. */
const ageGroupsConfigSchema = z.union([lowerBoundsSchema, explicitGroupsSchema]);
export type AgeGroupsConfig = z.input<typeof ageGroupsConfigSchema>;

/** MOSIP's reporting groups: 0-5, 5-18, 18-60, 60+. */
const defaultAgeGroupBounds = [0, 5, 18, 60] as const;

/** Validated age groups from configuration; throws a RangeError naming the problem. */
export function ageGroups(config: AgeGroupsConfig): AgeGroup[] {
  const parsed = ageGroupsConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new RangeError(`age groups: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const groups = parsed.data;
  if (groups.every((g) => typeof g === 'number')) return fromLowerBounds(groups);
  return groups.map((g) => ({ label: g.label, min: g.min, max: g.max ?? null }));
}

function fromLowerBounds(bounds: number[]): AgeGroup[] {
  return bounds.map((min, i) => {
    const max = bounds[i + 1] ?? null;
    return { label: max === null ? `${min}+` : `${min}-${max}`, min, max };
  });
}

export const defaultAgeGroups: readonly AgeGroup[] = ageGroups([...defaultAgeGroupBounds]);
