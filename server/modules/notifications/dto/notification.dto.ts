import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { UserNotificationSettingFlags } from '../../../../shared/models/users/user-notification.model.js';
import { DATABASE_INT_MAX } from '../../../core/http/integers.js';
import { PAGINATION_MAX_COUNT, PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { NOTIFICATION_SORT_COLUMNS } from '../notifications.repository.js';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
// `typeOneOf=1&typeOneOf=2` or `typeOneOf=1`; each a decimal.
const toIntegers = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).map((item) =>
    typeof item === 'string' && /^\d{1,9}$/.test(item) ? Number(item) : item,
  );

/** PeerTube's `GET /users/me/notifications` query. */
export class ListNotificationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(NOTIFICATION_SORT_COLUMNS), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(NOTIFICATION_SORT_COLUMNS))
  sort: string = '-createdAt';

  @ApiPropertyOptional({ description: 'Only unread (true) or only read (false) notifications' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ type: [Number], description: 'Only notifications of these types (UserNotificationType)' })
  @IsOptional()
  @Transform(toIntegers)
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(1000, { each: true })
  typeOneOf?: number[];
}

/** PeerTube's `POST /users/me/notifications/read` body. */
export class MarkNotificationsReadDto {
  @ApiProperty({ type: [Number], minItems: 1, maxItems: PAGINATION_MAX_COUNT, description: 'Notification ids' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PAGINATION_MAX_COUNT)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(DATABASE_INT_MAX, { each: true })
  ids: number[];
}

const FLAGS: UserNotificationSettingFlags[] = [0, 1, 2, 3];
const flagDescription = 'Bit flags: 0 none, 1 web, 2 email, 3 both (only web notifications are made)';
const Flag = (): PropertyDecorator => (target, key) => {
  ApiProperty({ enum: FLAGS, description: flagDescription })(target, key);
  IsIn(FLAGS)(target, key);
};
const OptionalFlag = (): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ enum: FLAGS, description: flagDescription })(target, key);
  IsOptional()(target, key);
  IsIn(FLAGS)(target, key);
};

/**
 * PeerTube's `UserNotificationSetting` as `PUT /users/me/notification-settings` takes it: the first twelve are
 * required, as PeerTube requires them; the others may be left out and keep their value.
 */
export class UpdateNotificationSettingsDto {
  @Flag() newVideoFromSubscription: UserNotificationSettingFlags;
  @Flag() newCommentOnMyVideo: UserNotificationSettingFlags;
  @Flag() abuseAsModerator: UserNotificationSettingFlags;
  @Flag() videoAutoBlacklistAsModerator: UserNotificationSettingFlags;
  @Flag() blacklistOnMyVideo: UserNotificationSettingFlags;
  @Flag() myVideoImportFinished: UserNotificationSettingFlags;
  @Flag() myVideoPublished: UserNotificationSettingFlags;
  @Flag() commentMention: UserNotificationSettingFlags;
  @Flag() newFollow: UserNotificationSettingFlags;
  @Flag() newUserRegistration: UserNotificationSettingFlags;
  @Flag() newInstanceFollower: UserNotificationSettingFlags;
  @Flag() autoInstanceFollowing: UserNotificationSettingFlags;
  @OptionalFlag() abuseStateChange?: UserNotificationSettingFlags;
  @OptionalFlag() abuseNewMessage?: UserNotificationSettingFlags;
  @OptionalFlag() newPeerTubeVersion?: UserNotificationSettingFlags;
  @OptionalFlag() newPluginVersion?: UserNotificationSettingFlags;
  @OptionalFlag() myVideoStudioEditionFinished?: UserNotificationSettingFlags;
  @OptionalFlag() myVideoTranscriptionGenerated?: UserNotificationSettingFlags;
}
