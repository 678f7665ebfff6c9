/** PeerTube's numeric role ids. */
export enum UserRole {
  Administrator = 0,
  Moderator = 1,
  User = 2,
}

export const USER_ROLE_LABELS: Record<UserRole, string> = {
  [UserRole.Administrator]: 'Administrator',
  [UserRole.Moderator]: 'Moderator',
  [UserRole.User]: 'User',
};

/** What a role may do; checked by the API's right guard. */
export enum UserRight {
  ManageUsers = 'manage-users',
  ManageRegistrations = 'manage-registrations',
  ManageJobs = 'manage-jobs',
  ManageAnyChannel = 'manage-any-channel',
  /** Update and delete any video, and see private and unpublished ones. */
  ManageAnyVideo = 'manage-any-video',
  /** Follow other instances and accept or remove followers. */
  ManageServerFollow = 'manage-server-follow',
  /** Block and unblock other instances. */
  ManageServerBlocklist = 'manage-server-blocklist',
  /** List every comment of the instance, held ones included (`GET /videos/comments`). */
  SeeAllComments = 'see-all-comments',
  /** Delete or approve any comment. */
  ManageAnyVideoComment = 'manage-any-video-comment',
}

export const ROLE_RIGHTS: Record<UserRole, readonly UserRight[]> = {
  [UserRole.Administrator]: Object.values(UserRight),
  [UserRole.Moderator]: [
    UserRight.ManageUsers,
    UserRight.ManageRegistrations,
    UserRight.ManageAnyVideo,
    UserRight.ManageServerBlocklist,
    UserRight.SeeAllComments,
    UserRight.ManageAnyVideoComment,
  ],
  [UserRole.User]: [],
};
