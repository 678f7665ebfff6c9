import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsIntInRange, SAFE_INT_MAX } from '../../../core/http/integers.js';
import { UserRole } from '../../../../shared/models/users/user-role.js';
import { PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { IsActorName } from '../../actors/actor-name.js';
import { CreateChannelDto } from '../../channels/dto/channel.dto.js';
import { USER_SORT_COLUMNS } from '../users.repository.js';

export const PASSWORD_MIN_LENGTH = 6;
export const PASSWORD_MAX_LENGTH = 255;

const ROLES = [UserRole.Administrator, UserRole.Moderator, UserRole.User];

class PasswordField {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;
}

export class CreateUserDto extends PasswordField {
  @IsActorName()
  username: string;

  @ApiProperty({ format: 'email' })
  @IsEmail()
  email: string;

  @ApiProperty({ enum: ROLES, description: '0 Administrator, 1 Moderator, 2 User' })
  @IsIn(ROLES)
  role: UserRole;

  @ApiPropertyOptional({ minimum: -1, description: 'Bytes; -1 for unlimited' })
  @IsOptional()
  @IsIntInRange(-1, SAFE_INT_MAX)
  videoQuota?: number;

  @ApiPropertyOptional({ minimum: -1, description: 'Bytes per 24 hours; -1 for unlimited' })
  @IsOptional()
  @IsIntInRange(-1, SAFE_INT_MAX)
  videoQuotaDaily?: number;

  @ApiPropertyOptional({ description: 'Name of the first channel (default <username>_channel)' })
  @IsOptional()
  @IsActorName()
  channelName?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ minimum: -1 })
  @IsOptional()
  @IsIntInRange(-1, SAFE_INT_MAX)
  videoQuota?: number;

  @ApiPropertyOptional({ minimum: -1 })
  @IsOptional()
  @IsIntInRange(-1, SAFE_INT_MAX)
  videoQuotaDaily?: number;
}

export class BlockUserDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: 250 })
  @IsOptional()
  @IsString()
  @Length(3, 250)
  reason?: string;
}

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(USER_SORT_COLUMNS), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(USER_SORT_COLUMNS))
  sort: string = '-createdAt';

  @ApiPropertyOptional({ description: 'Matches username or e-mail' })
  @IsOptional()
  @IsString()
  search?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  blocked?: boolean;
}

class RegisterChannelDto extends PickType(CreateChannelDto, ['name', 'displayName']) {}

export class RegisterUserDto extends PasswordField {
  @IsActorName()
  username: string;

  @ApiProperty({ format: 'email' })
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;

  @ApiPropertyOptional({ type: RegisterChannelDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegisterChannelDto)
  channel?: RegisterChannelDto;

  @ApiPropertyOptional({ minLength: 2, maxLength: 3000, description: 'Required when registrations need approval' })
  @IsOptional()
  @IsString()
  @Length(2, 3000)
  registrationReason?: string;
}

export class ModerateRegistrationDto {
  @ApiProperty({ minLength: 1, maxLength: 3000 })
  @IsString()
  @Length(1, 3000)
  moderationResponse: string;
}

export class ListRegistrationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(['createdAt', 'state'] as const), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(['createdAt', 'state'] as const))
  sort: string = '-createdAt';
}
