import { SiteKind } from '@aidflow/contracts';
import { GeoPointDto, geoPoint } from '@aidflow/platform';
import { Site } from '../site.entity';

export interface SiteView {
  id: string;
  incidentId: string;
  name: string;
  kind: SiteKind;
  areaCode: string;
  location?: GeoPointDto;
  orgCode: string;
  createdAt: string;
}

export function toSiteView(site: Site): SiteView {
  const location = geoPoint(site.lat, site.lon);
  return {
    id: site.id,
    incidentId: site.incidentId,
    name: site.name,
    kind: site.kind,
    areaCode: site.areaCode,
    ...(location ? { location } : {}),
    orgCode: site.orgCode,
    createdAt: site.createdAt.toISOString(),
  };
}
