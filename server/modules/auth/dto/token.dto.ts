import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/**
 * POST /users/token, form-urlencoded as in OAuth2. Every field is optional here: missing ones are
 * reported with OAuth2 codes (invalid_client, invalid_request) rather than as validation errors.
 */
export class TokenRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() client_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() client_secret?: string;
  @ApiPropertyOptional({ enum: ['password', 'refresh_token'] }) @IsOptional() @IsString() grant_type?: string;
  @ApiPropertyOptional({ description: 'Username or e-mail' }) @IsOptional() @IsString() username?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() password?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() refresh_token?: string;
}
