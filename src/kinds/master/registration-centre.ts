import type { JsonObject } from '../../normalise/fields.ts';
import type { QualityLog } from '../../normalise/quality.ts';
import { MasterColumns } from './columns.ts';
import type { RegistrationCentre } from './entities.ts';

/**
 * A registration_center row. The staff contact columns (contact_person, contact_phone) and the address
 * lines are never read: they cannot reach Kafka, let alone a document. Coordinates are text in MOSIP's
 * schema, often empty or malformed; a pair is kept only when both parse and lie on the globe (0,0 is
 * the default of a form left blank, not a centre in the Gulf of Guinea).
 */
export function registrationCentre(row: JsonObject, q: QualityLog): RegistrationCentre {
  const c = new MasterColumns(row, q);
  let latitude = c.decimal('latitude', -90, 90);
  let longitude = c.decimal('longitude', -180, 180);
  if (latitude === 0 && longitude === 0) {
    q.add('latitude', 'out-of-range');
    latitude = null;
  }
  if (latitude === null || longitude === null) {
    latitude = null;
    longitude = null;
  }
  return {
    id: c.text('id'),
    lang: c.text('lang_code'),
    name: c.text('name'),
    typeCode: c.text('cntrtyp_code'),
    locationCode: c.text('location_code'),
    latitude,
    longitude,
    zoneCode: c.text('zone_code'),
    timeZone: c.text('time_zone'),
    isActive: c.flag('is_active'),
  };
}
