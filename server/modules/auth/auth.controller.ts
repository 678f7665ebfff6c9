import { Body, Controller, Get, Header, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OAuthClientLocal, UserToken } from '../../../shared/models/users/user.model.js';
import { Authenticated, type AuthenticatedRequest } from './auth.decorators.js';
import { bearerToken } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { TokenRequestDto } from './dto/token.dto.js';

@ApiTags('Session')
@Controller('api/v1')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Get('oauth-clients/local')
  @ApiOperation({ summary: 'The OAuth client id and secret to log in with' })
  localClient(): Promise<OAuthClientLocal> {
    return this.auth.getLocalClient();
  }

  @Post('users/token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({ summary: 'Log in (password grant) or renew a session (refresh_token grant)' })
  token(@Body() body: TokenRequestDto, @Ip() ip: string): Promise<UserToken> {
    return this.auth.grant(body, ip);
  }

  @Post('users/revoke-token')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Log out: revoke the access and refresh tokens of this session' })
  async revoke(@Req() request: AuthenticatedRequest): Promise<{ success: true }> {
    await this.auth.revoke(bearerToken(request)!);
    return { success: true };
  }
}
