import { OrgLevel } from '@aidflow/contracts';
import { Org } from '../org.entity';

export interface OrgView {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode?: string;
  path: string[];
  createdAt: string;
}

export function toOrgView(org: Org): OrgView {
  return {
    code: org.code,
    name: org.name,
    level: org.level,
    ...(org.parentCode !== null ? { parentCode: org.parentCode } : {}),
    path: org.path,
    createdAt: org.createdAt.toISOString(),
  };
}
