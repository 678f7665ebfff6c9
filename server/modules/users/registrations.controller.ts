import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import type { UserRegistration, UserRegistrationResult } from '../../../shared/models/users/user.model.js';
import { RequireRight } from '../auth/auth.decorators.js';
import { ListRegistrationsQueryDto, ModerateRegistrationDto, RegisterUserDto } from './dto/user.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { ParseIdPipe } from '../../core/http/integers.js';

@ApiTags('Register')
@Controller('api/v1/users')
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post('register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register a user (or request registration when the instance approves them)' })
  register(@Body() dto: RegisterUserDto, @Ip() ip: string): Promise<UserRegistrationResult> {
    return this.registrations.register(dto, ip);
  }

  @Post('registrations/request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Request registration on an instance that approves them' })
  request(@Body() dto: RegisterUserDto, @Ip() ip: string): Promise<UserRegistrationResult> {
    return this.registrations.request(dto, ip);
  }

  @Get('registrations')
  @RequireRight(UserRight.ManageRegistrations)
  @ApiOperation({ summary: 'List registration requests' })
  list(@Query() query: ListRegistrationsQueryDto): Promise<ResultList<UserRegistration>> {
    return this.registrations.list(query);
  }

  @Post('registrations/:id/accept')
  @HttpCode(204)
  @RequireRight(UserRight.ManageRegistrations)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Accept a registration request: the user is created' })
  accept(@Param('id', ParseIdPipe) id: number, @Body() dto: ModerateRegistrationDto): Promise<void> {
    return this.registrations.accept(id, dto);
  }

  @Post('registrations/:id/reject')
  @HttpCode(204)
  @RequireRight(UserRight.ManageRegistrations)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Reject a registration request' })
  reject(@Param('id', ParseIdPipe) id: number, @Body() dto: ModerateRegistrationDto): Promise<void> {
    return this.registrations.reject(id, dto);
  }

  @Delete('registrations/:id')
  @HttpCode(204)
  @RequireRight(UserRight.ManageRegistrations)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a registration request' })
  delete(@Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.registrations.delete(id);
  }
}
