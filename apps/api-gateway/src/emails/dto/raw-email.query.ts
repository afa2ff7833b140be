import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RawEmailQuery {
  @ApiPropertyOptional({ description: "A sensitive report's raw message only: why it is read (at least 10 characters; kept in the security audit trail, as for a reveal)" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
