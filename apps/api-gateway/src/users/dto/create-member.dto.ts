import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A member: a person who signs in and sees only the tasks of the organizations listed. */
export class CreateMemberDto {
  @ApiProperty({ example: 'jane@northside.example' })
  @IsEmail()
  email!: string;

  @ApiProperty({ minLength: 12, description: 'Stored only as an argon2id hash' })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ type: [String], example: ['northside'], description: 'Slugs of configured organizations the member may see' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, { each: true })
  organizations!: string[];
}

export class MemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['member'] }) role!: 'member';
  @ApiProperty({ type: [String] }) organizations!: string[];
}
