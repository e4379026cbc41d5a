import { IncidentKind, IncidentStatus, ResponseLevel } from '@aidflow/contracts';
import { GeoPointDto, geoPoint } from '@aidflow/platform';
import { Incident } from '../incident.entity';

export interface IncidentView {
  id: string;
  title: string;
  kind: IncidentKind;
  occurredAt: string;
  magnitude?: number;
  epicenter?: GeoPointDto;
  areaCodes: string[];
  responseLevel: ResponseLevel;
  leadOrgCode: string;
  status: IncidentStatus;
  createdAt: string;
  updatedAt: string;
}

export function toIncidentView(incident: Incident): IncidentView {
  const epicenter = geoPoint(incident.epicenterLat, incident.epicenterLon);
  return {
    id: incident.id,
    title: incident.title,
    kind: incident.kind,
    occurredAt: incident.occurredAt.toISOString(),
    ...(incident.magnitude !== null ? { magnitude: incident.magnitude } : {}),
    ...(epicenter ? { epicenter } : {}),
    areaCodes: incident.areaCodes,
    responseLevel: incident.responseLevel,
    leadOrgCode: incident.leadOrgCode,
    status: incident.status,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
  };
}
