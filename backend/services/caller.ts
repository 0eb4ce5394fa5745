import type { Role } from '../db/schema';

/** Everything Portside knows about the signed-in member making a request, all of it from the session. */
interface SignedInMember {
  memberId: string;
  workspaceId: string;
  role: Role;
  email: string;
  sessionId: string;
}

/**
 * The one caller type: the member making a request, from the session (never from the request
 * body). Every service takes this type, naming only the fields it reads beyond the member and
 * workspace (`Caller<'role'>`, `Caller<'role' | 'email'>`), so the routes pass the session's member
 * as is and a test passes just what the service looks at.
 */
export type Caller<Extra extends keyof SignedInMember = never> = Pick<SignedInMember, 'memberId' | 'workspaceId' | Extra>;
