import { elements, type Field } from '../../normalise/fields.ts';
import { code } from '../../normalise/scalars.ts';

/** assisted = [operatorId, supervisorId]; either may be missing, "" or null. */
export function assisted(f: Field): { operatorId: string | null; supervisorId: string | null } {
  const [operator, supervisor] = elements(f) ?? [];
  return {
    operatorId: operator ? code(operator) : null,
    supervisorId: supervisor ? code(supervisor) : null,
  };
}
