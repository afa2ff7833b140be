import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ListRulesQuery {
  @ApiProperty({ example: 'riverside', description: 'Organization slug' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  org!: string;
}
