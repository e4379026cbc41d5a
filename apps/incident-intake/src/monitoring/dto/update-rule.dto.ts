import { IsBoolean, IsObject } from 'class-validator';

/** The rule's `params` are checked against that rule's own class in the service (unknown keys 400). */
export class UpdateRuleDto {
  @IsBoolean()
  enabled!: boolean;

  @IsObject()
  params!: Record<string, unknown>;
}
