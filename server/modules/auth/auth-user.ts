import { ROLE_RIGHTS, type UserRight, type UserRole } from '../../../shared/models/users/user-role.js';

/** The user a request is authenticated as, attached by the auth guard. */
export interface AuthUser {
  id: number;
  username: string;
  role: UserRole;
  accountId: number;
}

export const hasRight = (user: AuthUser, right: UserRight): boolean => ROLE_RIGHTS[user.role].includes(right);
