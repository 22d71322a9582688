/** Who a Slack user is: display name and whether they administer the workspace (users.info, cached briefly). */
import type { App } from '@slack/bolt';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { reportSlackError } from './errors.ts';

export interface SlackUserInfo {
  displayName: string;
  /** Workspace admin or owner; club admins are the core's business. */
  isPlatformAdmin: boolean;
}

export interface UserDirectory {
  /**
   * Looks the user up (cached for `ttlMs`); on failure: not an admin, the fallback name. `via`: the listener's client
   * (its workspace's token, installs by OAuth); without it, the directory's own.
   */
  lookup(userId: string, fallbackName?: string, via?: App['client']): Promise<SlackUserInfo>;
}

interface UsersInfoUser {
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  profile?: { display_name?: string; real_name?: string };
}

/**
 * A users.info cache. Admin status changes rarely, but a demoted admin must lose rights soon:
 * hence a short TTL rather than a long one. `extraAdmins` are user ids configured as admins.
 */
export function createUserDirectory(deps: {
  client?: App['client'];
  logger: Logger;
  clock: Clock;
  ttlMs?: number;
  extraAdmins?: readonly string[];
}): UserDirectory {
  const ttl = deps.ttlMs ?? 60_000;
  const extra = new Set(deps.extraAdmins ?? []);
  const cache = new Map<string, { at: number; info: SlackUserInfo }>();
  return {
    async lookup(userId, fallbackName, via) {
      const now = deps.clock().getTime();
      const client = via ?? deps.client;
      // By token and user: one user id (an Enterprise Grid member) can be an admin in one workspace and not another.
      const key = `${client?.token ?? ''}:${userId}`;
      const hit = cache.get(key);
      if (hit && now - hit.at < ttl) return hit.info;
      try {
        if (!client) throw new Error('no Slack client for this workspace');
        const res = await client.users.info({ user: userId });
        const u = (res.user ?? {}) as UsersInfoUser;
        const info: SlackUserInfo = {
          displayName: u.profile?.display_name || u.real_name || u.profile?.real_name || u.name || fallbackName || userId,
          isPlatformAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner) || extra.has(userId),
        };
        cache.set(key, { at: now, info });
        if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
        return info;
      } catch (err) {
        reportSlackError(deps.logger, err, { method: 'users.info', user: userId });
        // Fail closed: without users.info nobody is a platform admin (configured admins still are).
        return { displayName: fallbackName || userId, isPlatformAdmin: extra.has(userId) };
      }
    },
  };
}
