import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AssignFollowUpDto {
  /** A user id (JWT `sub`). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  assigneeId!: string;
}
