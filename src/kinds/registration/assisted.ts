import { elements, type Field } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { code } from '../../normalise/scalars.ts';

/** assisted = [operatorId, supervisorId]; either may be missing, "" or null (or unreadable: then null). */
export function assisted(
  f: Field,
  q: QualityLog,
): { operatorId: string | null; supervisorId: string | null } {
  const [operator, supervisor] = elements(f) ?? [];
  return {
    operatorId: operator ? q.read(() => code(operator)) : null,
    supervisorId: supervisor ? q.read(() => code(supervisor)) : null,
  };
}
